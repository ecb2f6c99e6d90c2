/**
 * The Raft lock service with a sidecar in every client process: what each application calls is
 * its sidecar's `tryLock`/`unlock` (seed 000's lock API), and the sidecar works through the lock
 * client library beside it. The sidecar lives in the process, so a crash takes its memory and
 * timers with it, and a pause freezes them.
 */
import { ClientEvents, LockClientProcess, type LockClientOptions } from '../../../core/client/index.js';
import type { LockServerOptions } from '../../../core/server/options.js';
import type { World } from '../../../sim/world.js';
import { Cluster } from '../cluster.js';
import { clusterSystem, liveLockApi } from '../raft-lock-system.js';
import { RaftBridge } from '../raft-bridge.js';
import { onTraceEvent } from '../trace-events.js';
import type { LockSystem, SystemFactory, SystemSetup } from '../system.js';
import type { LockApi } from '../../workloads/lock-api.js';
import type { HistoryRecorder } from '../../../sim/recorder.js';
import type { TraceEvent } from '../../../checker/trace.js';
import { Sidecar, type SidecarObserver, type SidecarScheme, type SidecarTiming } from '../../../core/designs/ttl-sidecar/sidecar.js';

export interface SidecarSystemOptions {
  servers: readonly string[];
  serverOptions(id: string): Omit<LockServerOptions, 'id' | 'peers'>;
  clientOptions: Omit<LockClientOptions, 'servers' | 'resource' | 'events'>;
  scheme: SidecarScheme;
  timing: SidecarTiming;
}

/** The application's API: try-lock and unlock through the sidecar of the running incarnation. */
function sidecarApi(world: World, id: string, library: LockApi, current: () => Sidecar | null): LockApi {
  const down = { ok: false as const, error: 'client-down' };
  const sidecar = (): Sidecar | null => (world.status(id) === 'down' ? null : current());
  return {
    ...library,
    tryLock: (resource, owner, expireMs, cb) => {
      const s = sidecar();
      if (s === null) return cb(down);
      s.tryLock(resource, owner, expireMs, cb);
    },
    unlock: (resource, owner, cb) => {
      const s = sidecar();
      if (s === null) return cb(down);
      s.unlock(resource, owner, cb);
    },
  };
}

/**
 * The lock files as grants in the run's record, so the checkers see who holds R: a file is granted
 * when its sidecar learns it was created, and ends when its sidecar learns it was deleted or the
 * service removes it with the session that made it (an ephemeral file).
 */
class FileGrants {
  /** Open files by path: the lock, its owner and token. */
  private readonly open = new Map<string, { lock: string; owner: string; token: number }>();

  constructor(private readonly recorder: HistoryRecorder) {}

  observer(client: string): SidecarObserver {
    return {
      created: (lock, owner, token) => {
        if (this.recorder.closed) return;
        this.open.set(`/ls/${lock}`, { lock, owner, token });
        this.recorder.grant({ lock, owner, client, token, mode: 'exclusive' });
      },
      deleted: (lock, owner) => this.end(`/ls/${lock}`, owner, 'deleted'),
    };
  }

  onTrace(e: TraceEvent): void {
    if (e.kind === 'lock:ephemeral-deleted') this.end(e.data.path, null, 'session-ended', e.t);
  }

  private end(path: string, owner: string | null, reason: string, at?: number): void {
    const file = this.open.get(path);
    if (file === undefined || (owner !== null && file.owner !== owner) || this.recorder.closed) return;
    this.open.delete(path);
    this.recorder.grantEnd(file.lock, file.owner, file.token, reason, at);
  }
}

export function sidecarSystem(o: SidecarSystemOptions): SystemFactory {
  return ({ world, recorder, clients }: SystemSetup): LockSystem => {
    const bridge = new RaftBridge(() => world.now);
    const cluster = new Cluster(world, { servers: o.servers, serverOptions: o.serverOptions, fsync: 'always', observer: bridge }, recorder);
    const files = new FileGrants(recorder);
    onTraceEvent(world, (e) => files.onTrace(e));
    const apis = new Map<string, LockApi>();
    for (const id of clients) {
      const hub = new ClientEvents();
      let sidecar: Sidecar | null = null;
      world.addProcess(id, (env) => {
        // The events hub outlives the process; the dead incarnation's sidecar must stop hearing it.
        sidecar?.detach();
        sidecar = new Sidecar(o.scheme, hub, o.timing, files.observer(id));
        return new LockClientProcess(env, { ...o.clientOptions, servers: o.servers, events: hub }, sidecar);
      });
      apis.set(id, sidecarApi(world, id, liveLockApi(world, id, hub), () => sidecar));
    }
    return clusterSystem(cluster, bridge, apis, cluster.nemesisContext(clients));
  };
}
