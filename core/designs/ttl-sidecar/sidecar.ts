/**
 * Seed 000's sidecar: the lock API (`tryLock(resource, owner, expire)`, `unlock(resource, owner)`)
 * served to the application next to it, built on the lock client library. The sidecar keeps ONE
 * session (the library's) for every lock it takes, and how it makes a lock expire is its scheme:
 *
 * - `scheduled-delete` (the thread's scheme c, unsafe): try-lock creates an ephemeral file named
 *   after the resource, holding the owner, and schedules a delete of it on the sidecar's own timer
 *   after the expiry. If that one delete fails (the network jitters just then), nothing tries
 *   again; the keep-alives recover, the session lives on, and so does the file: nobody can take
 *   the lock again.
 * - `retried-delete` (safe): the same files, but the scheduled delete reads the file, checks that
 *   it still belongs to the owner it was scheduled for, and is sent again until it succeeds or the
 *   file is gone.
 * - `server-ttl` (safe, the thread's conclusion: "server-side TTL makes the sidecar stateless"):
 *   try-lock and unlock go to the lock service's own TTL locks, whose expiry is decided in the
 *   replicated state machine; the sidecar keeps no timers and no state.
 *
 * Unlock is seed 000's too: read the file and delete it if this owner made it. The sidecar tells
 * its application what it may believe: a lock it took is believed from the moment it asked for
 * expire·(1−ε) minus a margin, the way the library believes a TTL lock, and no longer than the
 * session is trusted (a file goes with its session; SUSPENDED counts as lost).
 */
import type { ClientApplication, ClientEvents, LockClient, TryLockResult, UnlockResult } from '../../client/index.js';
import type { Env, LocalNs, TimerId } from '../../env.js';

export type SidecarScheme = 'scheduled-delete' | 'retried-delete' | 'server-ttl';
export const SIDECAR_SCHEMES: readonly SidecarScheme[] = ['scheduled-delete', 'retried-delete', 'server-ttl'];

export interface SidecarTiming {
  /** The bound on clock rate error the library works with. */
  epsilon: number;
  marginNs: number;
  /** Pause before a retried delete is sent again (retried-delete). */
  retryNs: number;
}

const NS_PER_MS = 1_000_000;
/** The directory the sidecar's lock files live in. */
const DIR = '/ls';
/** Answers meaning the file is gone, or was never this session's: nothing left to delete. */
const GONE: ReadonlySet<string> = new Set(['no-such-path', 'not-open', 'session-expired', 'session-closed', 'no-such-session']);

/** Told when the sidecar learns that a lock file of its own was created or deleted (for the record). */
export interface SidecarObserver {
  created(resource: string, owner: string, token: number): void;
  deleted(resource: string, owner: string): void;
}

/** A lock file this sidecar made and has not seen deleted. */
interface LockFile {
  readonly resource: string;
  readonly owner: string;
  /** The file's instance; null when the create's answer was lost. */
  readonly token: number | null;
  deleteTimer: TimerId | null;
  beliefTimer: TimerId | null;
  believed: boolean;
}

export class Sidecar implements ClientApplication {
  private client: LockClient | null = null;
  private env: Env | null = null;
  /** By resource and owner: a file whose delete is still pending stays known beside a newer one. */
  private readonly files = new Map<string, LockFile>();
  private readonly handlers = new Map<TimerId, () => void>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    readonly scheme: SidecarScheme,
    private readonly events: ClientEvents,
    private readonly timing: SidecarTiming,
    private readonly observer?: SidecarObserver,
  ) {}

  start(client: LockClient, env: Env): void {
    this.client = client;
    this.env = env;
    this.unsubscribe = client.onEvent((e) => {
      if (e.type !== 'session' || (e.state !== 'suspended' && e.state !== 'lost')) return;
      for (const file of this.files.values()) this.stopBelieving(file, e.state);
    });
  }

  /** This incarnation is over (its process crashed and restarts): stop listening to the library's events. */
  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  onTimer(id: TimerId): void {
    const handler = this.handlers.get(id);
    if (handler === undefined) return;
    this.handlers.delete(id);
    handler();
  }

  tryLock(resource: string, owner: string, expireMs: number, cb: (r: TryLockResult) => void): void {
    const { client, env } = this.running();
    if (this.scheme === 'server-ttl') return client.tryLock(resource, owner, expireMs, cb);
    const askedAt = env.monotonicNs();
    client.createFile(pathOf(resource), { ephemeral: true, content: owner }, (r) => {
      if (!r.ok) {
        // A create that was sent may have left a file: its answer may be lost, and a refusal is not
        // final either, since the service does not remember refusals and a late copy of the same
        // request can still create the file. The careful sidecar schedules its owner-checked
        // delete all the same (the check finds no file of this owner if there is none).
        const sent = r.indeterminate === true || r.error === 'exists';
        if (sent && this.scheme === 'retried-delete') this.track(resource, owner, null, expireMs);
        return cb(r.error === 'exists' ? { ok: true, acquired: false } : r);
      }
      this.observer?.created(resource, owner, r.instance);
      const file = this.track(resource, owner, r.instance, expireMs);
      // The file lives no longer than its session: made under a session given up meanwhile (or in
      // doubt), it may be gone already.
      const trusted = client.sessionId === r.session && (client.session === 'connected' || client.session === 'reconnected');
      if (trusted) this.believe(file, askedAt + Math.floor(expireMs * NS_PER_MS * (1 - this.timing.epsilon)) - this.timing.marginNs);
      cb({ ok: true, acquired: true, token: r.instance });
    });
  }

  /** Records a lock file and schedules its delete at the expiry. */
  private track(resource: string, owner: string, token: number | null, expireMs: number): LockFile {
    const file: LockFile = { resource, owner, token, deleteTimer: null, beliefTimer: null, believed: false };
    this.forget(resource, owner);
    this.files.set(keyOf(resource, owner), file);
    file.deleteTimer = this.after(expireMs * NS_PER_MS, () => {
      file.deleteTimer = null;
      this.expire(file);
    });
    return file;
  }

  unlock(resource: string, owner: string, cb: (r: UnlockResult) => void): void {
    const { client } = this.running();
    if (this.scheme === 'server-ttl') return client.unlock(resource, owner, cb);
    const file = this.files.get(keyOf(resource, owner));
    if (file !== undefined) this.stopBelieving(file, 'released');
    this.deleteIfOwned(resource, owner, (outcome) => {
      if (outcome === 'deleted') {
        this.forget(resource, owner);
        return cb({ ok: true, status: 'ok' });
      }
      if (outcome === 'gone') return cb({ ok: true, status: 'not-held' });
      if (outcome === 'other') return cb({ ok: true, status: 'held-by-other' });
      cb(outcome);
    });
  }

  /** The scheduled delete, at the lock's expiry on the sidecar's clock. */
  private expire(file: LockFile): void {
    if (this.files.get(keyOf(file.resource, file.owner)) !== file) return;
    const env = this.running().env;
    this.deleteIfOwned(file.resource, file.owner, (outcome) => {
      if (outcome === 'deleted' || outcome === 'gone' || outcome === 'other') return this.forget(file.resource, file.owner);
      if (this.scheme === 'scheduled-delete') {
        // Scheme c: the task ran once and failed; nobody looks at this file again.
        env.trace('sidecar:delete-failed', { resource: file.resource, owner: file.owner, token: file.token, error: outcome.error });
        return this.forget(file.resource, file.owner);
      }
      env.trace('sidecar:delete-retry', { resource: file.resource, owner: file.owner, token: file.token, error: outcome.error });
      file.deleteTimer = this.after(this.timing.retryNs, () => {
        file.deleteTimer = null;
        this.expire(file);
      });
    });
  }

  /** Reads the lock file and deletes it if `owner` made it. */
  private deleteIfOwned(resource: string, owner: string, done: (outcome: 'deleted' | 'gone' | 'other' | { ok: false; error: string; indeterminate?: boolean }) => void): void {
    const { client } = this.running();
    const path = pathOf(resource);
    client.readFile(path, (read) => {
      if (!read.ok) return done(GONE.has(read.error) ? 'gone' : read);
      if (read.content !== owner) return done('other');
      client.deleteFile(path, (deleted) => {
        if (deleted.ok) {
          this.observer?.deleted(resource, owner);
          return done('deleted');
        }
        done(GONE.has(deleted.error) ? 'gone' : deleted);
      });
    });
  }

  private believe(file: LockFile, until: LocalNs): void {
    const env = this.running().env;
    const left = until - env.monotonicNs();
    if (left <= 0 || file.token === null) return;
    file.believed = true;
    this.events.emit({ type: 'belief', lock: file.resource, token: file.token, mode: 'exclusive', held: true });
    file.beliefTimer = this.after(left, () => {
      file.beliefTimer = null;
      this.stopBelieving(file, 'deadline');
    });
  }

  private stopBelieving(file: LockFile, reason: string): void {
    this.cancel(file.beliefTimer);
    file.beliefTimer = null;
    if (!file.believed || file.token === null) return;
    file.believed = false;
    this.events.emit({ type: 'belief', lock: file.resource, token: file.token, mode: 'exclusive', held: false, reason });
  }

  /** Drops the sidecar's record of `owner`'s lock file, with its timers. */
  private forget(resource: string, owner: string): void {
    const key = keyOf(resource, owner);
    const file = this.files.get(key);
    if (file === undefined) return;
    this.stopBelieving(file, 'superseded');
    this.cancel(file.deleteTimer);
    file.deleteTimer = null;
    this.files.delete(key);
  }

  private after(delayNs: number, handler: () => void): TimerId {
    const id = this.running().env.setTimer(Math.max(0, delayNs), 'sidecar');
    this.handlers.set(id, handler);
    return id;
  }

  private cancel(id: TimerId | null): void {
    if (id === null || !this.handlers.delete(id)) return;
    this.running().env.cancelTimer(id);
  }

  private running(): { client: LockClient; env: Env } {
    if (this.client === null || this.env === null) throw new Error('sidecar called before its process started');
    return { client: this.client, env: this.env };
  }
}

function keyOf(resource: string, owner: string): string {
  return `${resource}\u0000${owner}`;
}

function pathOf(resource: string): string {
  return `${DIR}/${resource}`;
}
