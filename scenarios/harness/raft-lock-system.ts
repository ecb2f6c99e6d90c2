/**
 * The Raft lock service as a contract system (core/contract): servers (core/server), the protected
 * resource, and one lock client library (core/client) per client process, on whatever host runs
 * it. A cell may also grow while it serves (`growth`: the static-membership hazard): spare
 * machines an operator adds, through the log or by editing every server's peer file.
 */
import { ClientEvents, LockClientProcess, lockClientSequencerChecker, type LockClientOptions } from '../../core/client/index.js';
import type { ReplicaState } from '../../checker/history.js';
import { electionOverMutex, type ClientOf, type LockApi } from '../../core/contract/capabilities.js';
import type { SystemBuilder, SystemHost, SystemUnderTest } from '../../core/contract/system.js';
import type { Env, FsyncPolicy, NodeId } from '../../core/env.js';
import type { ResourceMode } from '../../core/resource/resource.js';
import type { LockServerOptions } from '../../core/server/options.js';
import type { ClockConfig } from '../../sim/clock.js';
import { MS } from '../../sim/time.js';
import { liveApi } from '../workloads/live-api.js';
import { Cluster, RESOURCE_ID } from './cluster.js';
import { RaftBridge } from './raft-bridge.js';

/** What the Raft lock service's clients offer. */
export type RaftLockCapability = 'mutex' | 'try-lock-ttl' | 'kv-cas' | 'leader-election' | 'fenced-resource';
export const RAFT_LOCK_CAPABILITIES: readonly RaftLockCapability[] = ['mutex', 'try-lock-ttl', 'kv-cas', 'leader-election', 'fenced-resource'];

/**
 * How an operator adds servers while the cell serves.
 *
 * - `log`: a spare starts knowing no membership; the operator asks the leader to add it as a
 *   voter, one change at a time through the log, and keeps asking (a change can be lost with its
 *   leader) until the leader's membership holds every server it added.
 * - `static-list`: every server reads its voters from a peer file at boot (the unsafe
 *   `staticPeers` server option). Adding a server means adding it to the file and starting it; the
 *   servers already running act on the old list until they are restarted.
 */
export type MembershipSource = 'log' | 'static-list';

export interface CellGrowth {
  /** Machines the operator may add (membership faults `add` them), in the order it adds them. */
  spares: readonly string[];
  membership: MembershipSource;
  /** Servers that fail for good during the run: the final heal does not bring them back. */
  lostForGood: ReadonlySet<string>;
}

export interface RaftLockSystemOptions {
  servers: readonly string[];
  serverOptions(id: string): Omit<LockServerOptions, 'id' | 'peers'>;
  fsync: FsyncPolicy;
  serverClock?(id: string): ClockConfig | undefined;
  clientClock?(id: string): ClockConfig | undefined;
  clientOptions(id: string): Omit<LockClientOptions, 'servers' | 'resource' | 'events'>;
  resource?: ResourceMode;
  /** Let the nemesis add and remove voters. */
  membership?: boolean;
  /** Spare machines an operator adds while the cell serves. */
  growth?: CellGrowth;
}

/** The library of whichever incarnation of a client process is running now. */
export function liveLockApi(host: Pick<SystemHost, 'running'>, id: NodeId, hub: ClientEvents): LockApi {
  return liveApi(
    () => host.running<LockClientProcess>(id)?.client ?? null,
    (listener) => hub.on(listener),
  );
}

/**
 * A Raft cell's part of a system: the replicas, quiescence, the Raft monitors and the stats come
 * from the cluster and its bridge, whatever clients the system brings.
 */
export function clusterParts(cluster: Cluster, bridge: RaftBridge): Omit<SystemUnderTest<never>, 'client' | 'servers'> & Required<Pick<SystemUnderTest, 'replicaStates' | 'quiesce' | 'quiescent' | 'stats'>> {
  return {
    leader: () => cluster.leader(),
    replicaStates: () => cluster.replicaStates(),
    quiesce: () => cluster.quiesce(),
    quiescent: () => cluster.quiescent(),
    monitorViolations: (endAt) => {
      bridge.monitor.finalState(endAt);
      return [...bridge.monitor.violations()];
    },
    stats: () => ({ committed: cluster.maxApplied(), leader: cluster.leader() }),
  };
}

/** How often the operator checks that the servers it added are voters, and asks again if not. */
const OPERATOR_PERIOD_NS = 200 * MS;

/** The operator of a growing cell: adds spares when the nemesis says so, and sees them through. */
function operate(host: SystemHost, cluster: Cluster, g: CellGrowth, peerFile: string[]) {
  const added = new Set<string>();
  let quiesced = false;
  const reconcile = (): void => {
    if (quiesced) return;
    const leader = cluster.leader();
    if (leader) {
      const voters = cluster.server(leader)!.status().conf.voters;
      // One change at a time: the leader refuses another while one is uncommitted.
      const missing = g.spares.find((id) => added.has(id) && !voters.includes(id));
      if (missing) cluster.server(leader)!.proposeConfChange({ type: 'add-voter', node: missing });
    }
    host.after(OPERATOR_PERIOD_NS, 'operator', reconcile);
  };
  return {
    added,
    addVoter: (id: string): void => {
      if (!g.spares.includes(id) || added.has(id)) return;
      added.add(id);
      if (g.membership === 'static-list') peerFile.push(id);
      host.restart(id);
      if (g.membership === 'log' && added.size === 1) reconcile();
    },
    stop: (): void => {
      quiesced = true;
    },
  };
}

export function raftLockSystem(o: RaftLockSystemOptions): SystemBuilder<RaftLockCapability> {
  return (host): SystemUnderTest<RaftLockCapability> => {
    const g = o.growth;
    const bridge = new RaftBridge(() => host.now());
    // The peer file every server reads at boot (static-list only): the operator edits it.
    const peerFile = [...o.servers];
    const serverOptions = g?.membership === 'static-list' ? (id: string) => ({ ...o.serverOptions(id), staticPeers: [...peerFile] }) : o.serverOptions;
    // A check-sequencer resource asks the service through a lock client of its own. A fixed
    // cell's resource has always built that client whatever its mode (starting it opens a request
    // file on the resource's disk) and a growing cell's never has; both are kept as the golden
    // traces were made.
    const checker = !g ? { checker: (env: Env) => lockClientSequencerChecker(env, { servers: o.servers, ...o.clientOptions(RESOURCE_ID) }) } : {};
    const cluster = new Cluster(host, {
      servers: o.servers,
      serverOptions,
      fsync: o.fsync,
      ...(o.serverClock ? { serverClock: o.serverClock } : {}),
      observer: bridge,
      ...(o.resource ? { resource: { mode: o.resource, ...checker } } : {}),
    });
    for (const id of g?.spares ?? []) {
      // Joining through the log, a spare knows no membership (the leader's snapshot tells it);
      // with peer files it reads the file, as every server does. It is a member of the cell for
      // the checkers from the start (down until added), as Cluster.addVoter makes the nodes it starts.
      cluster.addServer(id, [], { down: true });
      cluster.members.push(id);
    }
    // Clients know every address the cell may use; a silent one is skipped after a timeout.
    const servers = [...o.servers, ...(g?.spares ?? [])];
    const handles = new Map<string, ClientOf<RaftLockCapability>>();
    for (const id of host.clients) {
      const hub = new ClientEvents();
      const clock = o.clientClock?.(id);
      host.spawn({
        id,
        role: 'client',
        start: (env) => new LockClientProcess(env, { ...o.clientOptions(id), servers, ...(o.resource ? { resource: RESOURCE_ID } : {}), events: hub }),
        ...(clock ? { clock } : {}),
      });
      const api = liveLockApi(host, id, hub);
      // Leading is holding a lock: the service's election is its mutex (Curator's LeaderLatch).
      handles.set(id, { ...api, ...electionOverMutex(api) });
    }
    const client = (id: string): ClientOf<RaftLockCapability> => {
      const handle = handles.get(id);
      if (!handle) throw new RangeError(`raft lock service: no client ${id}`);
      return handle;
    };
    const parts = {
      ...clusterParts(cluster, bridge),
      // The final heal resets every clock, then re-applies the designed ones: the clients' too.
      ...(o.clientClock || o.serverClock ? { designedClock: (id: string) => o.clientClock?.(id) ?? o.serverClock?.(id) } : {}),
    };
    if (!g) {
      return {
        servers: o.servers,
        client,
        ...parts,
        ...(o.membership ? { addVoter: () => void cluster.addVoter(), removeVoter: (id: string) => void cluster.removeVoter(id) } : {}),
      };
    }
    const operator = operate(host, cluster, g, peerFile);
    /** The replicas to compare: every server that counts itself a voter (a spare not yet let in does not). */
    const replicaStates = (): ReplicaState[] =>
      cluster.replicaStates().filter((r) => {
        if (o.servers.includes(r.node)) return true;
        const s = cluster.server(r.node);
        return s !== null && s.status().conf.voters.includes(r.node);
      });
    return {
      servers,
      client,
      ...parts,
      addVoter: operator.addVoter,
      keepDown: (id) => g.lostForGood.has(id) || (g.spares.includes(id) && !operator.added.has(id)),
      replicaStates,
      quiesce: () => {
        operator.stop();
        cluster.quiesce();
      },
      stats: () => ({ ...parts.stats(), added: [...operator.added], peerFile: g.membership === 'static-list' ? [...peerFile] : null }),
    };
  };
}
