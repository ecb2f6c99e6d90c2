/**
 * The Raft lock service with a sidecar in every client process: what each application calls is
 * its sidecar's `tryLock`/`unlock` (seed 000's lock API), and the sidecar works through the lock
 * client library beside it. The sidecar lives in the process, so a crash takes its memory and
 * timers with it, and a pause freezes them.
 */
import { ClientEvents, LockClientProcess, type LockClientOptions } from '../../../core/client/index.js';
import type { LockApi } from '../../../core/contract/capabilities.js';
import type { EventSink, SystemEvent } from '../../../core/contract/events.js';
import type { SystemBuilder, SystemHost } from '../../../core/contract/system.js';
import type { LockServerOptions } from '../../../core/server/options.js';
import type { TraceEvent } from '../../../checker/trace.js';
import { Cluster } from '../cluster.js';
import { clusterParts, liveLockApi } from '../raft-lock-system.js';
import { RaftBridge } from '../raft-bridge.js';
import { Sidecar, type SidecarObserver, type SidecarScheme, type SidecarTiming } from '../../../core/designs/ttl-sidecar/sidecar.js';

export interface SidecarSystemOptions {
  servers: readonly string[];
  serverOptions(id: string): Omit<LockServerOptions, 'id' | 'peers'>;
  clientOptions: Omit<LockClientOptions, 'servers' | 'resource' | 'events'>;
  scheme: SidecarScheme;
  timing: SidecarTiming;
}

/** The application's API: try-lock and unlock through the sidecar of the running incarnation. */
function sidecarApi(host: Pick<SystemHost, 'state'>, id: string, library: LockApi, current: () => Sidecar | null): LockApi {
  const down = { ok: false as const, error: 'client-down' };
  const sidecar = (): Sidecar | null => (host.state(id) === 'down' ? null : current());
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

  constructor(
    private readonly events: EventSink<SystemEvent>,
    private readonly now: () => number,
  ) {}

  observer(client: string): SidecarObserver {
    return {
      created: (lock, owner, token) => {
        this.open.set(`/ls/${lock}`, { lock, owner, token });
        this.events.emit({ type: 'grant', lock, owner, client, token, mode: 'exclusive' });
      },
      deleted: (lock, owner) => this.end(`/ls/${lock}`, owner, 'deleted'),
    };
  }

  onTrace(e: TraceEvent): void {
    if (e.kind === 'lock:ephemeral-deleted') this.end(e.data.path, null, 'session-ended', e.t);
  }

  private end(path: string, owner: string | null, reason: string, at?: number): void {
    const file = this.open.get(path);
    if (file === undefined || (owner !== null && file.owner !== owner)) return;
    this.open.delete(path);
    this.events.emit({ type: 'release', lock: file.lock, owner: file.owner, token: file.token, reason, ...(at !== undefined ? { endedAgoNs: this.now() - at } : {}) });
  }
}

export function sidecarSystem(o: SidecarSystemOptions): SystemBuilder<'try-lock-ttl'> {
  return (host) => {
    const bridge = new RaftBridge(() => host.now());
    const cluster = new Cluster(host, { servers: o.servers, serverOptions: o.serverOptions, fsync: 'always', observer: bridge });
    const files = new FileGrants(host.events, () => host.now());
    host.onTrace((e) => files.onTrace(e));
    const apis = new Map<string, LockApi>();
    for (const id of host.clients) {
      const hub = new ClientEvents();
      let sidecar: Sidecar | null = null;
      host.spawn({
        id,
        role: 'client',
        start: (env) => {
          // The events hub outlives the process; the dead incarnation's sidecar must stop hearing it.
          sidecar?.detach();
          sidecar = new Sidecar(o.scheme, hub, o.timing, files.observer(id));
          return new LockClientProcess(env, { ...o.clientOptions, servers: o.servers, events: hub }, sidecar);
        },
      });
      apis.set(id, sidecarApi(host, id, liveLockApi(host, id, hub), () => sidecar));
    }
    return { servers: o.servers, client: (id) => apis.get(id)!, ...clusterParts(cluster, bridge) };
  };
}
