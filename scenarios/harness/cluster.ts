/**
 * A lock-service cluster on a system host (core/contract): the servers, the protected resource, and
 * what a scenario needs to drive and judge them (who leads, membership changes for the nemesis,
 * the grants the leaders applied, reported as contract events, the replicas' states at the end).
 */
import type { ReplicaState } from '../../checker/history.js';
import type { TraceEvent } from '../../checker/trace.js';
import type { SystemHost } from '../../core/contract/system.js';
import type { Env, FsyncPolicy } from '../../core/env.js';
import { Resource, type ResourceMode, type SequencerChecker } from '../../core/resource/resource.js';
import { LockServer } from '../../core/server/node.js';
import type { ServerObserver } from '../../core/server/observer.js';
import type { LockServerOptions } from '../../core/server/options.js';
import type { ClockConfig } from '../../sim/clock.js';
import { resourceWriteEvent } from './resource-writes.js';

export const RESOURCE_ID = 'resource';

/** The lock directory of the namespace: clients name "/ls/L" as "L", and so do the checkers. */
const LOCK_DIR = '/ls/';

function appLockName(lock: string): string {
  return lock.startsWith(LOCK_DIR) ? lock.slice(LOCK_DIR.length) : lock;
}

export interface ClusterConfig {
  /** Initial voters. */
  servers: readonly string[];
  /** Full server options for a node (the harness fills `id` and `peers`). */
  serverOptions(id: string): Omit<LockServerOptions, 'id' | 'peers'>;
  fsync: FsyncPolicy;
  serverClock?(id: string): ClockConfig | undefined;
  resource?: { mode: ResourceMode; checker?: (env: Env) => SequencerChecker };
  observer?: ServerObserver;
}

/** What a cluster needs of its host. */
export type ClusterHost = Pick<SystemHost, 'spawn' | 'state' | 'running' | 'onTrace' | 'events'>;

export class Cluster {
  /** Voters and nodes added by membership faults, in the order they joined. */
  readonly members: string[];
  private joined = 0;

  constructor(
    readonly host: ClusterHost,
    readonly config: ClusterConfig,
  ) {
    this.members = [...config.servers];
    for (const id of config.servers) this.addServer(id, config.servers);
    if (config.resource) {
      const { mode, checker } = config.resource;
      host.spawn({ id: RESOURCE_ID, role: 'resource', start: (env) => new Resource(env, mode, checker?.(env)) });
    }
    host.onTrace((e) => this.onTrace(e));
  }

  /** Spawns server `id` knowing `peers` as the voters (none: it learns them from a leader). */
  addServer(id: string, peers: readonly string[], options: { down?: boolean } = {}): void {
    const clock = this.config.serverClock?.(id);
    this.host.spawn({
      id,
      role: 'server',
      start: (env) => new LockServer(env, { ...this.config.serverOptions(id), id, peers }, this.config.observer),
      fsync: this.config.fsync,
      ...(clock ? { clock } : {}),
      ...(options.down ? { down: true } : {}),
    });
  }

  server(id: string): LockServer | null {
    if (this.host.state(id) !== 'up') return null;
    return this.host.running<LockServer>(id);
  }

  /** The live leader of the highest term, by the servers' own account. */
  leader(): string | null {
    let best: string | null = null;
    let bestTerm = -1;
    for (const id of this.members) {
      const s = this.server(id);
      if (s?.isLeader) {
        const term = s.status().term;
        if (term > bestTerm) {
          best = id;
          bestTerm = term;
        }
      }
    }
    return best;
  }

  /** Starts a new empty node and asks the leader to add it as a voter. */
  addVoter(): string | null {
    const leader = this.leader();
    if (!leader) return null;
    const id = `n${this.config.servers.length + ++this.joined}`;
    // A joining node starts with no membership of its own: it learns it from the leader.
    this.addServer(id, []);
    this.members.push(id);
    this.server(leader)?.proposeConfChange({ type: 'add-voter', node: id });
    return id;
  }

  removeVoter(id: string): boolean {
    const leader = this.leader();
    if (!leader) return false;
    return this.server(leader)?.proposeConfChange({ type: 'remove-node', node: id }) ?? false;
  }

  /** Turns the leaders' traced lock facts into the contract's grant and release events. */
  private onTrace(e: TraceEvent): void {
    if (e.kind === 'lock:grant') {
      const d = e.data;
      // One grant may be applied (and traced) by two leaders; a replica timer's grants reuse an index.
      this.host.events.emit({ type: 'grant', lock: appLockName(d.lock), owner: d.owner, client: d.client, token: d.token, mode: d.mode, id: `${d.index}/${d.token}/${d.owner}` });
    } else if (e.kind === 'lock:release') {
      const d = e.data;
      this.host.events.emit({ type: 'release', lock: appLockName(d.lock), owner: d.owner, token: d.token, reason: d.reason });
    } else if (e.kind === 'resource-write') {
      this.host.events.emit(resourceWriteEvent(e.data));
    }
  }

  /** Every member's state machine now, for the replica-agreement checker. */
  replicaStates(): ReplicaState[] {
    return this.members.map((id) => {
      const s = this.server(id);
      if (!s) return { node: id, digest: '', lockOwners: [], liveSessions: [], live: false };
      const sm = s.stateMachine();
      const summary = sm.summary();
      const lockOwners = Object.entries(summary.locks).flatMap(([lock, owners]) => owners.map((o) => ({ lock: appLockName(lock), owner: o.session })));
      return { node: id, digest: sm.digest(), lockOwners, liveSessions: summary.liveSessions };
    });
  }

  /** The highest applied index among live members (for waiting on quiescence). */
  maxApplied(): number {
    return Math.max(0, ...this.members.map((id) => this.server(id)?.appliedIndex ?? 0));
  }

  /** Stops the leaders' log-time ticks, so that the replicas can reach one state. */
  quiesce(): void {
    for (const id of this.members) this.server(id)?.quiesce();
  }

  /** True when every live member has applied as far as the live leader has committed. */
  quiescent(): boolean {
    const leader = this.leader();
    if (!leader) return false;
    const status = this.server(leader)!.status();
    const members = [...status.conf.voters, ...status.conf.learners];
    return members.every((id) => {
      const s = this.server(id);
      return s === null || s.appliedIndex >= status.commit;
    });
  }
}
