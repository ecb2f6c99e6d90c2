/**
 * A lock cell an operator grows while it serves (static-membership): the initial servers, spare machines the
 * operator may add, and the two ways of adding them.
 *
 * - `log`: the spare starts knowing no membership; the operator asks the leader to add it as a
 *   voter, one change at a time through the log, and keeps asking (a change can be lost with its
 *   leader) until the leader's membership holds every server it added.
 * - `static-list`: every server reads its voters from a peer file at boot (the unsafe
 *   `staticPeers` server option). Adding a server means adding it to the file and starting it; the
 *   servers already running act on the old list until they are restarted.
 *
 * The nemesis adds spares with membership faults (`add`). The final heal leaves down the servers
 * the scenario says were lost for good, and the spares that were never added. Everything else is
 * the lock service as the group's cell runs it.
 */
import { ClientEvents, LockClientProcess } from '../../../core/client/index.js';
import type { ReplicaState } from '../../../checker/history.js';
import type { ResourceMode } from '../../../core/resource/resource.js';
import { LockServer } from '../../../core/server/node.js';
import type { LockServerOptions } from '../../../core/server/options.js';
import { MS } from '../../../sim/time.js';
import { Cluster, RESOURCE_ID } from '../../harness/cluster.js';
import { RaftBridge } from '../../harness/raft-bridge.js';
import { clusterSystem, liveLockApi } from '../../harness/raft-lock-system.js';
import type { LockSystem, SystemFactory, SystemSetup } from '../../harness/system.js';
import type { LockApi } from '../../workloads/lock-api.js';
import { clientTiming, lockConfig, raftOptions, TICK_NS } from './timing.js';

export type MembershipSource = 'log' | 'static-list';

export interface GrowingCellOptions {
  /** The voters the cell starts with. */
  initial: readonly string[];
  /** Machines the operator may add, in the order it adds them. */
  spares: readonly string[];
  membership: MembershipSource;
  /** Servers that fail for good during the run: the final heal does not bring them back. */
  lostForGood: ReadonlySet<string>;
  sessionTtlNs: number;
  lockDelayNs: number;
  resource: ResourceMode;
}

/** How often the operator checks that the servers it added are voters, and asks again if not. */
const OPERATOR_PERIOD_NS = 200 * MS;

export function growingCell(o: GrowingCellOptions): SystemFactory {
  return ({ world, recorder, clients }: SystemSetup): LockSystem => {
    const bridge = new RaftBridge(() => world.now);
    // The peer file every server reads at boot (static-list only): the operator edits it.
    let peerFile: readonly string[] = [...o.initial];
    const added = new Set<string>();
    const serverOptions = (): Omit<LockServerOptions, 'id' | 'peers'> => ({
      tickNs: TICK_NS,
      raft: raftOptions(),
      lock: lockConfig(o.sessionTtlNs, o.lockDelayNs),
      snapshotEntries: 400,
      ...(o.membership === 'static-list' ? { staticPeers: [...peerFile] } : {}),
    });
    const cluster = new Cluster(world, { servers: o.initial, serverOptions, fsync: 'always', observer: bridge, resource: { mode: o.resource } }, recorder);
    for (const id of o.spares) {
      // Joining through the log, a spare knows no membership (the leader's snapshot tells it);
      // with peer files it reads the file, as every server does.
      world.addProcess(id, (env) => new LockServer(env, { ...serverOptions(), id, peers: [] }, bridge), { fsync: 'always', start: false });
      // It is a member of the cell for the checkers from the start (down until added), as
      // Cluster.addVoter makes the nodes it starts.
      cluster.members.push(id);
    }
    const servers = [...o.initial, ...o.spares];

    let quiesced = false;
    const reconcile = (): void => {
      if (quiesced) return;
      const leader = cluster.leader();
      if (leader) {
        const voters = cluster.server(leader)!.status().conf.voters;
        // One change at a time: the leader refuses another while one is uncommitted.
        const missing = o.spares.find((id) => added.has(id) && !voters.includes(id));
        if (missing) cluster.server(leader)!.proposeConfChange({ type: 'add-voter', node: missing });
      }
      world.after(OPERATOR_PERIOD_NS, 'operator', reconcile);
    };
    const addVoter = (id: string): void => {
      if (!o.spares.includes(id) || added.has(id)) return;
      added.add(id);
      if (o.membership === 'static-list') peerFile = [...peerFile, id];
      world.restart(id);
      if (o.membership === 'log' && added.size === 1) reconcile();
    };

    const apis = new Map<string, LockApi>();
    for (const id of clients) {
      const hub = new ClientEvents();
      // Clients know every address the cell may use; a silent one is skipped after a timeout.
      world.addProcess(id, (env) => new LockClientProcess(env, { ...clientTiming(o.sessionTtlNs), servers, resource: RESOURCE_ID, events: hub }));
      apis.set(id, liveLockApi(world, id, hub));
    }
    const nemesis = {
      ...cluster.nemesisContext(clients, { addVoter }),
      servers,
      keepDown: (id: string) => o.lostForGood.has(id) || (o.spares.includes(id) && !added.has(id)),
    };

    /** The replicas to compare: every server that counts itself a voter (a spare not yet let in does not). */
    const replicaStates = (): ReplicaState[] =>
      cluster.replicaStates().filter((r) => {
        if (o.initial.includes(r.node)) return true;
        const s = cluster.server(r.node);
        return s !== null && s.status().conf.voters.includes(r.node);
      });

    return {
      ...clusterSystem(cluster, bridge, apis, nemesis),
      replicaStates,
      quiesce: () => {
        quiesced = true;
        cluster.quiesce();
      },
      stats: () => ({ committed: cluster.maxApplied(), leader: cluster.leader(), added: [...added], peerFile: o.membership === 'static-list' ? [...peerFile] : null }),
    };
  };
}
