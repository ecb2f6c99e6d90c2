import { describe, expect, it } from 'vitest';
import { history } from '../lin/testing/history-builder.js';
import { checkLocks, type PropertyName } from './index.js';

/** The verdict of each property, for one-line expectations. */
function verdicts(ops: ReturnType<typeof history>['ops'], leases = false): Record<PropertyName, unknown> {
  const r = checkLocks(ops, { leases });
  return Object.fromEntries(r.properties.map((p) => [p.name, p.valid])) as Record<PropertyName, unknown>;
}

const ALL_HOLD = { 'mutual-exclusion': true, 'fencing-monotonic': true, 'no-stale-token-writes': true, 'no-lost-updates': true };

/** Two clients take turns on one lock with tokens 1 and 2, each incrementing a fenced counter. */
function cleanTurns() {
  return history()
    .call(0, 'acquire', null, { token: 1 })
    .call(0, 'fenced-write', { token: 1, value: 1 })
    .call(0, 'release', null)
    .call(1, 'acquire', null, { token: 2 })
    .call(1, 'fenced-write', { token: 2, value: 2 })
    .call(1, 'release', null);
}

describe('the locks checker on clean histories', () => {
  it('takes turns with increasing tokens and distinct counter values: every property holds', () => {
    expect(verdicts(cleanTurns().ops)).toEqual(ALL_HOLD);
  });

  it('judges the linearizable lock order, not the reply order: a grant replied before the previous release replied is fine', () => {
    const h = history()
      .call(0, 'acquire', null, { token: 1 })
      .invoke(0, 'release', null) // p0's release is in flight...
      .invoke(1, 'acquire', null)
      .ok(1, { token: 2 }) // ...when p1 hears it got the lock...
      .ok(0, null); // ...and only then p0 hears its release went through.
    expect(verdicts(h.ops)).toMatchObject({ 'mutual-exclusion': true, 'fencing-monotonic': true });
  });

  it('an acquire that timed out may not have taken effect, and a release that timed out may have', () => {
    const h = history()
      .invoke(0, 'acquire', null)
      .info(0)
      .call(1, 'acquire', null, { token: 2 })
      .invoke(1, 'release', null)
      .info(1)
      .call(2, 'acquire', null, { token: 3 });
    expect(verdicts(h.ops)).toMatchObject({ 'mutual-exclusion': true, 'fencing-monotonic': true });
  });

  it('without tokens or writes, only mutual exclusion is judged', () => {
    const h = history().call(0, 'acquire', null).call(0, 'release', null).call(1, 'acquire', null);
    expect(verdicts(h.ops)).toEqual({
      'mutual-exclusion': true,
      'fencing-monotonic': 'not applicable',
      'no-stale-token-writes': 'not applicable',
      'no-lost-updates': 'not applicable',
    });
  });
});

describe('each broken property is caught alone', () => {
  it('mutual exclusion: a second grant while the first holder never released', () => {
    const h = history().call(0, 'acquire', null).call(1, 'acquire', null);
    const r = checkLocks(h.ops);
    expect(r.valid).toBe(false);
    expect(r.properties[0]).toMatchObject({ name: 'mutual-exclusion', valid: false });
    expect(r.properties[0]!.violations[0]!.explanation).toContain('acquire lock by p1');
  });

  it('mutual exclusion under leases: the first holder renewed after the second was granted', () => {
    const h = history().call(0, 'acquire', null).call(1, 'acquire', null).call(0, 'renew', null);
    expect(verdicts(h.ops, true)['mutual-exclusion']).toBe(false);
    // Without the renew, the first lease may simply have expired.
    expect(verdicts(history().call(0, 'acquire', null).call(1, 'acquire', null).ops, true)['mutual-exclusion']).toBe(true);
  });

  it('fencing monotonicity: the later grant got a lower token', () => {
    const h = history()
      .call(0, 'acquire', null, { token: 5 })
      .call(0, 'release', null)
      .call(1, 'acquire', null, 3);
    expect(verdicts(h.ops)).toEqual({ ...ALL_HOLD, 'fencing-monotonic': false, 'no-stale-token-writes': 'not applicable', 'no-lost-updates': 'not applicable' });
  });

  it('stale-token writes: the deposed holder writes with its old token after the new holder wrote', () => {
    const h = cleanTurns().call(0, 'fenced-write', { token: 1, value: 3 });
    expect(verdicts(h.ops)).toEqual({ ...ALL_HOLD, 'no-stale-token-writes': false });
    expect(checkLocks(h.ops).staleWrites).toEqual([{ write: 12, token: 1, after: 8, afterToken: 2, lock: 'lock' }]);
  });

  it('a stale write that timed out is no evidence (it may have been refused)', () => {
    const h = cleanTurns().invoke(0, 'fenced-write', { token: 1, value: 3 }).info(0);
    expect(verdicts(h.ops)).toEqual(ALL_HOLD);
  });

  it('lost updates: two holders in turn both wrote the same counter value', () => {
    const h = history()
      .call(0, 'acquire', null, { token: 1 })
      .call(0, 'fenced-write', { token: 1, value: 1 })
      .call(0, 'release', null)
      .call(1, 'acquire', null, { token: 2 })
      .call(1, 'fenced-write', { token: 2, value: 1 })
      .call(1, 'release', null);
    expect(verdicts(h.ops)).toEqual({ ...ALL_HOLD, 'no-lost-updates': false });
    expect(checkLocks(h.ops).lostUpdates).toEqual([{ lock: 'lock', value: 1, writes: [2, 8] }]);
  });

  it('locks named by key are judged apart', () => {
    const h = history().call(0, 'acquire', null, undefined, 'a').call(1, 'acquire', null, undefined, 'b');
    expect(verdicts(h.ops)['mutual-exclusion']).toBe(true);
  });

  it('refuses a history with no lock operations at all', () => {
    expect(() => checkLocks(history().call(0, 'read', null, 1).ops)).toThrow(/no lock operations/);
  });
});
