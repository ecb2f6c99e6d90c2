/**
 * `lockstep check --checker locks`: lock safety for a Jepsen-shaped history of acquire / release /
 * renew / fenced-write operations from any system (see lock-ops.ts for the shapes). Four
 * properties, each judged on its own so a report says which one broke:
 *
 * - mutual exclusion, on the linearizable lock order: some order of the lock operations that
 *   respects real time gives every grant to a free lock and every ok release or renew to the
 *   holder. Operations that ended `info` may have taken effect or not; the search tries both.
 * - fencing monotonicity (when acquires return tokens): in such an order, tokens also increase.
 * - stale-token writes (when fenced writes carry tokens): the resource never accepted a write
 *   whose token was below one it had already accepted.
 * - lost updates (when fenced writes carry values): no value was written twice.
 *
 * A property whose inputs are absent says `not applicable`; one whose search ran out says
 * `unknown`; the history as a whole is invalid when any property is, unknown when any is.
 */
import type { Op, Violation } from '../history.js';
import { checkLinearizable } from '../lin/check.js';
import type { BudgetLimits } from '../lin/search/budget.js';
import type { Verdict } from '../lin/result.js';
import { showValue } from '../lin/values.js';
import { lockModel } from './lock-model.js';
import { LOCK_FS, lockOf, tokenIn } from './lock-ops.js';
import { acceptedWrites, lostUpdates, staleWrites, type LostUpdate, type StaleWrite } from './resource-writes.js';

export interface LocksOptions extends BudgetLimits {
  /** Locks are leases that may expire at any moment (default false: held until released). */
  leases?: boolean;
}

export type PropertyName = 'mutual-exclusion' | 'fencing-monotonic' | 'no-stale-token-writes' | 'no-lost-updates';

export interface PropertyResult {
  name: PropertyName;
  valid: Verdict | 'not applicable';
  /** One line: what was judged, or why it could not be. */
  summary: string;
  violations: Violation[];
}

export interface LocksResult {
  valid: Verdict;
  properties: PropertyResult[];
  lockOps: number;
  writes: number;
  staleWrites: StaleWrite[];
  lostUpdates: LostUpdate[];
}

export function checkLocks(history: readonly Op[], opts: LocksOptions = {}): LocksResult {
  const leases = opts.leases === true;
  // The lock ops, each with its lock as its key so that every lock is judged on its own.
  const lockOps = history.filter((op) => op.process === 'nemesis' || (LOCK_FS as readonly string[]).includes(op.f)).map((op) => (op.process === 'nemesis' ? op : { ...op, key: lockOf(op) }));
  const clientLockOps = lockOps.filter((op) => op.process !== 'nemesis');
  const properties: PropertyResult[] = [];

  const lin = (tokens: boolean) => checkLinearizable(lockOps, lockModel({ tokens, leases }), { ...opts, stopAtFirstViolation: false });
  const me = clientLockOps.length === 0 ? null : lin(false);
  properties.push(
    me === null
      ? { name: 'mutual-exclusion', valid: 'not applicable', summary: 'no acquire, release or renew operations', violations: [] }
      : {
          name: 'mutual-exclusion',
          valid: me.valid,
          summary: `${me.partitions.length} lock(s), ${me.partitions.reduce((a, p) => a + p.opsChecked, 0)} lock operations in a linearizable lock order${leases ? ' (leases may expire)' : ''}`,
          violations: me.violations.map((v) => ({ ...v, checker: 'locks:mutual-exclusion', kind: 'ME-effect' as const })),
        },
  );

  const tokened = clientLockOps.some((op) => op.f === 'acquire' && op.type === 'ok' && tokenIn(op.value) !== null);
  if (!tokened) {
    properties.push({ name: 'fencing-monotonic', valid: 'not applicable', summary: 'no acquire returned a token', violations: [] });
  } else if (me !== null && me.valid !== true) {
    properties.push({ name: 'fencing-monotonic', valid: 'unknown', summary: 'not judged: there is no lock order to judge tokens on (mutual exclusion did not hold)', violations: [] });
  } else {
    const fenced = lin(true);
    properties.push({
      name: 'fencing-monotonic',
      valid: fenced.valid,
      summary: 'tokens increase along a linearizable lock order',
      violations: fenced.violations.map((v) => ({ ...v, checker: 'locks:fencing-monotonic', kind: 'FM' as const })),
    });
  }

  const writes = acceptedWrites(history);
  const stale = staleWrites(writes);
  properties.push(
    !writes.some((w) => w.token !== null)
      ? { name: 'no-stale-token-writes', valid: 'not applicable', summary: 'no accepted fenced-write carried a token', violations: [] }
      : {
          name: 'no-stale-token-writes',
          valid: stale.length === 0,
          summary: `${writes.length} accepted fenced write(s); ${stale.length} accepted with a token below one already accepted`,
          violations: stale.map((s) => ({
            kind: 'FM' as const,
            checker: 'locks:no-stale-token-writes',
            explanation: `On ${s.lock}: the write of op ${s.write} with token ${showValue(s.token)} was accepted after the write of op ${s.after} with the higher token ${showValue(s.afterToken)} had been accepted`,
            ops: [s.after, s.write],
            at: 0,
          })),
        },
  );
  const lost = lostUpdates(writes);
  const valued = writes.filter((w) => w.value !== undefined).length;
  const lostCount = lost.reduce((a, l) => a + l.writes.length - 1, 0);
  properties.push(
    valued === 0
      ? { name: 'no-lost-updates', valid: 'not applicable', summary: 'no accepted fenced-write carried a value', violations: [] }
      : {
          name: 'no-lost-updates',
          valid: lostCount === 0,
          summary: `${valued} accepted counter write(s); ${lostCount} lost update(s)`,
          violations: lost.map((l) => ({
            kind: 'LW' as const,
            checker: 'locks:no-lost-updates',
            explanation: `On ${l.lock}: ${l.writes.length} accepted writes all wrote ${showValue(l.value)} (ops ${l.writes.join(', ')}): ${l.writes.length - 1} increment(s) lost`,
            ops: l.writes,
            at: 0,
          })),
        },
  );

  const verdicts = properties.map((p) => p.valid).filter((v): v is Verdict => v !== 'not applicable');
  if (verdicts.length === 0) throw new LocksInputError('the history has no lock operations (acquire, release, renew) and no fenced-write operations');
  const valid: Verdict = verdicts.includes(false) ? false : verdicts.includes('unknown') ? 'unknown' : true;
  return { valid, properties, lockOps: clientLockOps.length, writes: writes.length, staleWrites: stale, lostUpdates: lost };
}

/** Bad input for the locks checker (the cli maps it to exit 254). */
export class LocksInputError extends Error {
  override readonly name = 'LocksInputError';
}

export function formatLocksResult(r: LocksResult, wallMs: number, note: string | null): string {
  const verdict = r.valid === true ? 'VALID: lock safety holds' : r.valid === false ? 'INVALID: lock safety is violated' : 'UNKNOWN: the checker could not decide';
  const lines = [`${verdict} (${r.lockOps} lock ops, ${r.writes} accepted fenced writes, ${wallMs} ms)`];
  if (note !== null) lines.push(`  ${note}`);
  for (const p of r.properties) {
    const v = p.valid === true ? 'holds' : p.valid === false ? 'VIOLATED' : p.valid;
    lines.push(`  ${p.name}: ${v}: ${p.summary}`);
    for (const x of p.violations) lines.push(`    [${x.kind}] ${x.explanation}`);
  }
  return lines.join('\n') + '\n';
}
