import { describe, expect, it } from 'vitest';
import { ReplicationLog } from './backlog.js';
import { execute } from './commands.js';
import { Keyspace } from './keyspace.js';
import type { StoreCommand } from './protocol.js';

const SEC = 1_000_000_000;

/** Runs commands on one keyspace the way a primary does, at the given local times. */
function primary() {
  const keys = new Keyspace();
  return {
    keys,
    run(command: StoreCommand, now: number) {
      const { reply, effects } = execute(command, keys, now);
      for (const e of effects) keys.apply(e, now);
      return { reply, effects };
    },
  };
}

describe('the lock script: SET NX PX with a fencing counter, and the owner-checked delete', () => {
  it('grants a free key with the next token, refuses another owner, and repeats the grant to its owner', () => {
    const p = primary();
    expect(p.run({ op: 'lock', key: 'lock:L', owner: 'a', ttlNs: 10 * SEC }, 0).reply).toEqual({ op: 'lock', acquired: true, token: 1, pttlNs: 10 * SEC });
    expect(p.run({ op: 'lock', key: 'lock:L', owner: 'b', ttlNs: 10 * SEC }, 1 * SEC).reply).toEqual({ op: 'lock', acquired: false, holder: 'a' });
    // The owner's retry: the same token, and only what is left of the time to live.
    const again = p.run({ op: 'lock', key: 'lock:L', owner: 'a', ttlNs: 10 * SEC }, 4 * SEC);
    expect(again).toEqual({ reply: { op: 'lock', acquired: true, token: 1, pttlNs: 6 * SEC }, effects: [] });
  });

  it('an expired lock reads as free, and the next grant counts on from the counter', () => {
    const p = primary();
    p.run({ op: 'lock', key: 'lock:L', owner: 'a', ttlNs: 1 * SEC }, 0);
    expect(p.keys.expired(1 * SEC)).toEqual(['lock:L']);
    expect(p.run({ op: 'lock', key: 'lock:L', owner: 'b', ttlNs: 1 * SEC }, 1 * SEC).reply).toMatchObject({ acquired: true, token: 2 });
  });

  it('unlock deletes only for the owner that holds the key', () => {
    const p = primary();
    p.run({ op: 'lock', key: 'ttl:R', owner: 'a', ttlNs: 1 * SEC }, 0);
    expect(p.run({ op: 'unlock', key: 'ttl:R', owner: 'b' }, 1).reply).toEqual({ op: 'unlock', status: 'held-by-other' });
    expect(p.run({ op: 'unlock', key: 'ttl:R', owner: 'a' }, 2)).toEqual({ reply: { op: 'unlock', status: 'ok' }, effects: [{ op: 'del', key: 'ttl:R' }] });
    expect(p.run({ op: 'unlock', key: 'ttl:R', owner: 'a' }, 3).reply).toEqual({ op: 'unlock', status: 'not-held' });
  });

  it('compare-and-set swaps only on a match, an absent key matching null', () => {
    const p = primary();
    expect(p.run({ op: 'cas', key: 'kv:x', expected: null, value: 1 }, 0).reply).toEqual({ op: 'cas', swapped: true, value: 1 });
    expect(p.run({ op: 'cas', key: 'kv:x', expected: 2, value: 3 }, 0)).toEqual({ reply: { op: 'cas', swapped: false, value: 1 }, effects: [] });
    expect(p.run({ op: 'get', key: 'kv:x' }, 0).reply).toEqual({ op: 'get', value: 1 });
  });
});

describe('the keyspace', () => {
  it('counts a time to live from when the write is applied, on the local clock', () => {
    const replica = new Keyspace();
    replica.apply({ op: 'set', key: 'k', value: 'v', ttlNs: 1 * SEC }, 5 * SEC); // applied late here
    expect(replica.get('k', 5.9 * SEC)?.value).toBe('v');
    expect(replica.get('k', 6 * SEC)).toBeUndefined();
    expect(replica.copy(5.5 * SEC)).toEqual([{ key: 'k', value: 'v', ttlNs: 0.5 * SEC }]);
  });

  it('a full copy replaces everything, carrying what is left of each time to live', () => {
    const a = new Keyspace();
    a.apply({ op: 'set', key: 'lock:L', value: 'o', ttlNs: 2 * SEC, token: 4 }, 0);
    a.apply({ op: 'set', key: 'kv:x', value: 1, ttlNs: null }, 0);
    const b = new Keyspace();
    b.apply({ op: 'set', key: 'kv:lost', value: 'gone', ttlNs: null }, 0);
    b.load(a.copy(1 * SEC), 100 * SEC);
    expect(b.dump(100 * SEC)).toEqual({ 'lock:L': 'o', 'kv:x': 1 });
    expect(b.get('lock:L', 100 * SEC)).toEqual({ value: 'o', expiresAt: 101 * SEC, token: 4 });
  });
});

describe('the replication backlog', () => {
  const set = (key: string) => ({ op: 'set' as const, key, value: 1, ttlNs: null });

  it('serves the effects after an offset while it still holds them', () => {
    const log = new ReplicationLog('A', 0, 3);
    for (const k of ['a', 'b', 'c', 'd']) log.append(set(k));
    expect(log.offset).toBe(4);
    expect(log.after(2, 10)?.map((e) => e.key)).toEqual(['c', 'd']);
    expect(log.after(0, 10)).toBeNull(); // 'a' fell out of the backlog
    expect(log.canContinue('A', 1)).toBe(true);
    expect(log.canContinue('A', 0)).toBe(false);
    expect(log.canContinue('B', 3)).toBe(false);
  });

  it('after a promotion, a store of the old history continues only up to the promotion point', () => {
    const promoted = new ReplicationLog('A', 0, 100);
    promoted.append(set('a'));
    promoted.append(set('b')); // streamed up to offset 2 when the old primary died
    promoted.fork('B');
    promoted.append(set('c'));
    expect(promoted.canContinue('A', 1)).toBe(true); // a lagging replica of the old primary
    expect(promoted.canContinue('A', 2)).toBe(true);
    // The old primary had acknowledged a third write of its own: that history is not ours.
    expect(promoted.canContinue('A', 3)).toBe(false);
    expect(promoted.canContinue('B', 3)).toBe(true);
  });
});
