/**
 * The Raft lock service with a scheme-a sidecar as every client process: the application's lock
 * API is its sidecar's `tryLock`/`unlock`, which turns each try-lock into a session of its own and
 * an ephemeral lock file (see sidecar.ts). The lock files become the run's grants, so the lease
 * audit can set what each application believed beside when the service let the file go.
 */
import { ClientEvents, type LockApi } from '../../../core/client/index.js';
import type { LockServerOptions } from '../../../core/server/options.js';
import type { EventSink, SystemEvent } from '../../../core/contract/events.js';
import type { SystemBuilder, SystemHost } from '../../../core/contract/system.js';
import { Cluster } from '../cluster.js';
import { clusterParts } from '../raft-lock-system.js';
import { RaftBridge } from '../raft-bridge.js';
import { ZkSidecar, type SidecarOptions } from '../../../core/designs/zk-lock-sidecar/sidecar.js';

export interface SidecarSystemOptions {
  servers: readonly string[];
  serverOptions(id: string): Omit<LockServerOptions, 'id' | 'peers'>;
  sidecar: Omit<SidecarOptions, 'servers'>;
}

export function zkSidecarSystem(o: SidecarSystemOptions): SystemBuilder<'try-lock-ttl'> {
  return (host) => {
    const bridge = new RaftBridge(() => host.now());
    const cluster = new Cluster(host, { servers: o.servers, serverOptions: o.serverOptions, fsync: 'always', observer: bridge });
    const files = new LockFiles(host.events, () => host.now(), o.sidecar.lockDir);
    host.onTrace((e) => {
      if (e.kind === 'lock:ephemeral-deleted') files.deleted(e.data.path, e.data.index, e.t);
    });
    const apis = new Map<string, LockApi>();
    for (const id of host.clients) {
      const hub = new ClientEvents();
      host.spawn({ id, role: 'client', start: (env) => new ZkSidecar(env, { ...o.sidecar, servers: o.servers }, hub, (resource, owner, token) => files.created(id, resource, owner, token)) });
      apis.set(id, sidecarApi(host, id, hub));
    }
    return { servers: o.servers, client: (id) => apis.get(id)!, ...clusterParts(cluster, bridge) };
  };
}

/** The application's API: the running incarnation's sidecar; the sidecar serves nothing else. */
function sidecarApi(host: Pick<SystemHost, 'running'>, id: string, hub: ClientEvents): LockApi {
  const sidecar = (): ZkSidecar | null => host.running<ZkSidecar>(id);
  const down = { ok: false as const, error: 'client-down' };
  const unsupported = { ok: false as const, error: 'unsupported' };
  return {
    tryLock: (resource, owner, expireMs, cb) => {
      const s = sidecar();
      if (s === null) cb(down);
      else s.tryLock(resource, owner, expireMs, cb);
    },
    unlock: (resource, owner, cb) => {
      const s = sidecar();
      if (s === null) cb(down);
      else s.unlock(resource, owner, cb);
    },
    holds: (lock) => sidecar()?.holds(lock) ?? { held: false, token: null },
    onEvent: (listener) => hub.on(listener),
    acquire: (_lock, _mode, cb) => cb(unsupported),
    release: (_lock, _token, cb) => cb(unsupported),
    get: (_key, cb) => cb(unsupported),
    put: (_key, _value, cb) => cb(unsupported),
    cas: (_key, _expected, _value, cb) => cb(unsupported),
    read: (_key, cb) => cb(unsupported),
    write: (_key, _value, _token, _lock, cb) => cb(unsupported),
  };
}

/**
 * Lock files as grants: from the sidecar learning it made one (the service traces no creation) to
 * the service deleting it with its session. A reply can come after the file is already gone, so
 * deletions are kept per path and matched by log index: a file made at index t ends at the first
 * deletion of its path after t (files of one path never overlap: each was created exclusively).
 */
class LockFiles {
  private readonly live = new Map<string, { lock: string; owner: string; token: number }>();
  private readonly deletions = new Map<string, { index: number; at: number }[]>();

  constructor(
    private readonly events: EventSink<SystemEvent>,
    private readonly now: () => number,
    private readonly dir: string,
  ) {}

  created(client: string, lock: string, owner: string, token: number): void {
    const path = `${this.dir}/${lock}`;
    this.events.emit({ type: 'grant', lock, owner, client, token, mode: 'exclusive' });
    const gone = (this.deletions.get(path) ?? []).find((d) => d.index > token);
    if (gone !== undefined) this.events.emit({ type: 'release', lock, owner, token, reason: 'session-ended', endedAgoNs: this.now() - gone.at });
    else this.live.set(path, { lock, owner, token });
  }

  deleted(path: string, index: number, at: number): void {
    const file = this.live.get(path);
    if (file !== undefined && file.token < index) {
      this.live.delete(path);
      this.events.emit({ type: 'release', lock: file.lock, owner: file.owner, token: file.token, reason: 'session-ended', endedAgoNs: this.now() - at });
      return;
    }
    const list = this.deletions.get(path);
    if (list) list.push({ index, at });
    else this.deletions.set(path, [{ index, at }]);
  }
}
