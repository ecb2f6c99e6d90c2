import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { registerModel, ttlLockModel } from './models/index.js';
import { history } from './testing/history-builder.js';

describe('kv: independent keys', () => {
  it('checks each key on its own and names the key that fails', () => {
    const h = history()
      .call(1, 'write', 1, 1, 'a')
      .call(2, 'write', 2, 2, 'b')
      .call(1, 'read', null, 1, 'a')
      .call(2, 'read', null, 1, 'b');
    const r = checkLinearizable(h.ops, 'kv');
    expect(r.valid).toBe(false);
    expect(r.partitions.map((p) => [p.key, p.valid])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(r.violations[0].explanation).toMatch(/^On b: read b → 1/);
    expect(r.violations[0].detail?.key).toBe('b');
  });

  it("reads Jepsen's independent [key, value] tuples", () => {
    const h = history()
      .call(1, 'write', ['x', 5])
      .call(1, 'cas', ['x', [5, 6]])
      .call(2, 'read', ['x', null], ['x', 6])
      .call(2, 'read', ['y', null], ['y', null]);
    const r = checkLinearizable(h.ops, 'kv');
    expect(r.valid).toBe(true);
    expect(r.partitions.map((p) => p.key)).toEqual(['x', 'y']);
  });

  it('the register model can start from several possible values', () => {
    const h = history().call(1, 'read', null, 7);
    expect(checkLinearizable(h.ops, registerModel({ initial: [null, 7] })).valid).toBe(true);
    expect(checkLinearizable(h.ops, registerModel({ initial: [null, 8] })).valid).toBe(false);
  });
});

describe('mutex', () => {
  it('one holder at a time; a release frees it for the next', () => {
    const ok = history().call(1, 'acquire', null).call(1, 'release', null).call(2, 'acquire', null);
    expect(checkLinearizable(ok.ops, 'mutex').valid).toBe(true);
    const both = history().call(1, 'acquire', null).call(2, 'acquire', null);
    expect(checkLinearizable(both.ops, 'mutex').valid).toBe(false);
  });

  it('only the holder can release', () => {
    const h = history().call(1, 'acquire', null).call(2, 'release', null);
    expect(checkLinearizable(h.ops, 'mutex').valid).toBe(false);
  });

  it('a holder whose release timed out may or may not have freed the lock', () => {
    const h = history().call(1, 'acquire', null).invoke(1, 'release').info(1).call(2, 'acquire', null);
    expect(checkLinearizable(h.ops, 'mutex').valid).toBe(true);
  });

  it('locks with different keys are independent', () => {
    const h = history().call(1, 'acquire', null, null, 'L1').call(2, 'acquire', null, null, 'L2');
    expect(checkLinearizable(h.ops, 'mutex').valid).toBe(true);
  });
});

describe('fenced-mutex', () => {
  it('each grant carries a larger token than every earlier grant', () => {
    const rising = history().call(1, 'acquire', null, 3).call(1, 'release', null).call(2, 'acquire', null, 5);
    expect(checkLinearizable(rising.ops, 'fenced-mutex').valid).toBe(true);
    const reused = history().call(1, 'acquire', null, 3).call(1, 'release', null).call(2, 'acquire', null, 3);
    const r = checkLinearizable(reused.ops, 'fenced-mutex');
    expect(r.valid).toBe(false);
    expect(r.violations[0].explanation).toContain('acquire by p2 → token 3');
    expect(r.violations[0].explanation).toContain('next token above 3');
  });

  it('a grant with an unknown token still forbids reusing the tokens below it', () => {
    // p1's acquire timed out but took effect with some token above 3; p1 then died holding it...
    const h = history()
      .call(1, 'acquire', null, 3)
      .call(1, 'release', null)
      .invoke(2, 'acquire')
      .info(2)
      .invoke(3, 'acquire');
    // ...so a later grant is possible only if p2's grant never happened, and then 4 is fine.
    expect(checkLinearizable(h.ok(3, 4).ops, 'fenced-mutex').valid).toBe(true);
  });

  it('accepts tokens as {token}', () => {
    const h = history().call(1, 'acquire', null, { token: 1 }).call(1, 'release', null).call(2, 'acquire', null, { token: 2 });
    expect(checkLinearizable(h.ops, 'fenced-mutex').valid).toBe(true);
  });
});

describe('ttl-lock: leases may expire at any moment', () => {
  const a = { owner: 'a' };
  const b = { owner: 'b' };

  it('a second owner may be granted the lock, since the first lease may have run out', () => {
    const h = history().call(1, 'try-lock', a, 'ok').call(2, 'try-lock', b, 'ok');
    expect(checkLinearizable(h.ops, 'ttl-lock').valid).toBe(true);
  });

  it('held-by-other is impossible while nobody holds the lock', () => {
    const h = history().call(1, 'try-lock', a, 'held-by-other');
    expect(checkLinearizable(h.ops, 'ttl-lock').valid).toBe(false);
  });

  it('once the lease has expired and another owner holds it, the first owner cannot unlock', () => {
    const h = history().call(1, 'try-lock', a, 'ok').call(2, 'try-lock', b, 'ok').call(1, 'unlock', a, 'ok');
    const r = checkLinearizable(h.ops, 'ttl-lock');
    expect(r.valid).toBe(false);
    expect(r.violations[0].explanation).toContain('the lock held by b');
  });

  it('an owner may find its own lease gone', () => {
    const h = history().call(1, 'try-lock', a, 'ok').call(1, 'unlock', a, 'not-held');
    expect(checkLinearizable(h.ops, 'ttl-lock').valid).toBe(true);
  });

  it('an unlock answered held-by-other is right while another owner holds, impossible while free', () => {
    const taken = history().call(1, 'try-lock', a, 'ok').call(2, 'try-lock', b, 'held-by-other').call(2, 'unlock', b, 'held-by-other');
    expect(checkLinearizable(taken.ops, 'ttl-lock').valid).toBe(true);
    const free = history().call(2, 'unlock', b, 'held-by-other');
    expect(checkLinearizable(free.ops, 'ttl-lock').valid).toBe(false);
    const released = history().call(1, 'try-lock', a, 'ok').call(1, 'unlock', a, 'ok').call(2, 'unlock', b, 'held-by-other');
    expect(checkLinearizable(released.ops, 'ttl-lock').valid).toBe(false);
  });

  it('an owner that holds the lock may be refused a second try-lock (no refresh) or granted a refresh', () => {
    const refused = history().call(1, 'try-lock', a, 'ok').call(1, 'try-lock', a, 'held-by-other').call(1, 'unlock', a, 'ok');
    expect(checkLinearizable(refused.ops, 'ttl-lock').valid).toBe(true);
    const refreshed = history().call(1, 'try-lock', a, 'ok').call(1, 'try-lock', a, 'ok').call(1, 'unlock', a, 'ok');
    expect(checkLinearizable(refreshed.ops, 'ttl-lock').valid).toBe(true);
  });

  it('after a lease that may have expired, lock-delay may refuse everyone; after an unlock it may not', () => {
    const delayed = history().call(1, 'try-lock', a, 'ok').call(2, 'try-lock', b, 'held-by-other').call(1, 'unlock', a, 'not-held').call(2, 'try-lock', b, 'held-by-other');
    expect(checkLinearizable(delayed.ops, 'ttl-lock').valid).toBe(true);
    const unlocked = history().call(1, 'try-lock', a, 'ok').call(1, 'unlock', a, 'ok').call(2, 'try-lock', b, 'held-by-other');
    expect(checkLinearizable(unlocked.ops, 'ttl-lock').valid).toBe(false);
  });

  it('with a minimum lease, a grant to another owner too soon is a violation', () => {
    const soon = history().at(0).call(1, 'try-lock', a, 'ok').at(100).call(2, 'try-lock', b, 'ok');
    const model = ttlLockModel({ minLeaseNs: 1_000 });
    expect(checkLinearizable(soon.ops, model).valid).toBe(false);
    const late = history().at(0).call(1, 'try-lock', a, 'ok').at(5_000).call(2, 'try-lock', b, 'ok');
    expect(checkLinearizable(late.ops, model).valid).toBe(true);
  });
});
