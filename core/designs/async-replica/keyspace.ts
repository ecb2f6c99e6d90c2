/**
 * One store's keys. A time to live becomes a deadline on this store's own clock (the one it times
 * keys with) when the write is applied here, so the primary and each replica count it separately
 * (a replica that applies a write late counts from later). A key past its deadline reads as absent
 * on every store; only a primary deletes it and streams the deletion.
 */
import type { DurationNs, LocalNs } from '../../env.js';
import type { Effect, KeyCopy, KvValue } from './protocol.js';

export interface KeyEntry {
  value: KvValue;
  /** Local deadline; null: the key never expires. */
  expiresAt: LocalNs | null;
  /** For a lock key: the fencing token of the grant that set it. */
  token?: number;
}

export class Keyspace {
  private readonly entries = new Map<string, KeyEntry>();

  /** The live entry of `key` at local time `now` (an expired key is absent). */
  get(key: string, now: LocalNs): KeyEntry | undefined {
    const e = this.entries.get(key);
    if (e === undefined || (e.expiresAt !== null && e.expiresAt <= now)) return undefined;
    return e;
  }

  /** The entry as stored, expired or not (what an expiry or an overwrite ends). */
  stored(key: string): KeyEntry | undefined {
    return this.entries.get(key);
  }

  apply(effect: Effect, now: LocalNs): void {
    if (effect.op === 'del') {
      this.entries.delete(effect.key);
      return;
    }
    const entry: KeyEntry = { value: effect.value, expiresAt: effect.ttlNs === null ? null : now + effect.ttlNs };
    if (effect.token !== undefined) entry.token = effect.token;
    // Re-insert so that iteration order follows the last write, not the first.
    this.entries.delete(effect.key);
    this.entries.set(effect.key, entry);
  }

  /** Keys whose deadline has passed, in write order. */
  expired(now: LocalNs): string[] {
    const out: string[] = [];
    for (const [key, e] of this.entries) if (e.expiresAt !== null && e.expiresAt <= now) out.push(key);
    return out;
  }

  /** Every live key with what remains of its time to live: the body of a full copy. */
  copy(now: LocalNs): KeyCopy[] {
    const out: KeyCopy[] = [];
    for (const [key, e] of this.entries) {
      if (e.expiresAt !== null && e.expiresAt <= now) continue;
      const c: KeyCopy = { key, value: e.value, ttlNs: e.expiresAt === null ? null : e.expiresAt - now };
      if (e.token !== undefined) c.token = e.token;
      out.push(c);
    }
    return out;
  }

  /** Replaces everything with a full copy taken from another store. */
  load(keys: readonly KeyCopy[], now: LocalNs): void {
    this.entries.clear();
    for (const k of keys) this.apply({ op: 'set', key: k.key, value: k.value, ttlNs: k.ttlNs, ...(k.token !== undefined ? { token: k.token } : {}) }, now);
  }

  /** Remaining time to live of a live key (null: none, or no such key). */
  pttl(key: string, now: LocalNs): DurationNs | null {
    const e = this.get(key, now);
    return e === undefined || e.expiresAt === null ? null : e.expiresAt - now;
  }

  /** Live keys and values, for tests and replica comparisons. */
  dump(now: LocalNs): Record<string, KvValue> {
    const out: Record<string, KvValue> = {};
    for (const [key] of this.entries) {
      const e = this.get(key, now);
      if (e !== undefined) out[key] = e.value;
    }
    return out;
  }
}
