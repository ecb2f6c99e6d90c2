/**
 * A blocking mutex over a try-lock with expiry, the way applications spin on Redlock or on an SQS
 * receive: try, and when someone else holds it, wait a little and try again, up to a deadline.
 * It lets the catalogue's lock workloads (acquire, work, release) run on a system whose clients
 * only offer `tryLock`/`unlock`. Each attempt names a fresh owner, as the APIs ask; the grant's
 * token is the one the try-lock answered.
 */
import type { AcquireResult, LockMode, ReleaseResult, Token, TryLockResult, UnlockResult } from '../../core/client/api.js';
import type { Env, TimerId } from '../../core/env.js';

/** The try-lock calls the mutex makes (callback style; the adapter enters the user's realm). */
export interface TryLockCalls {
  tryLock(resourceId: string, owner: string, expireMs: number, cb: (r: TryLockResult) => void): void;
  unlock(resourceId: string, owner: string, cb: (r: UnlockResult) => void): void;
}

const RETRY_MEAN_NS = 50_000_000;
const MAX_WAIT_NS = 5_000_000_000;

export class TryLockMutex {
  /** The owner name of each grant, by lock and token, for the release. */
  private readonly owners = new Map<string, string>();
  private readonly retries = new Map<TimerId, () => void>();
  private attempt = 0;

  constructor(
    private readonly env: Env,
    private readonly calls: TryLockCalls,
    private readonly leaseMs: number,
  ) {}

  acquire(lock: string, _mode: LockMode, cb: (r: AcquireResult) => void): void {
    const giveUpAt = this.env.monotonicNs() + MAX_WAIT_NS;
    const attempt = (): void => {
      const owner = `${this.env.id}.${this.attempt++}`;
      this.calls.tryLock(lock, owner, this.leaseMs, (r) => {
        if (r.ok && r.acquired) {
          const token = r.token ?? this.attempt;
          this.owners.set(`${lock}\u0000${token}`, owner);
          return cb({ ok: true, token });
        }
        if (!r.ok) return cb(r);
        if (this.env.monotonicNs() >= giveUpAt) return cb({ ok: false, error: 'timeout' });
        const timer = this.env.setTimer(Math.round(RETRY_MEAN_NS * (0.5 + this.env.random())), 'try-lock-retry');
        this.retries.set(timer, attempt);
      });
    };
    attempt();
  }

  release(lock: string, token: Token, cb: (r: ReleaseResult) => void): void {
    const key = `${lock}\u0000${token}`;
    const owner = this.owners.get(key);
    if (owner === undefined) return cb({ ok: false, error: 'not-held' });
    this.owners.delete(key);
    this.calls.unlock(lock, owner, (r) => {
      if (!r.ok) return cb(r);
      cb(r.status === 'ok' ? { ok: true } : { ok: false, error: r.status });
    });
  }

  /** True when the timer was a retry of this mutex. */
  onTimer(id: TimerId): boolean {
    const retry = this.retries.get(id);
    if (!retry) return false;
    this.retries.delete(id);
    retry();
    return true;
  }
}
