/**
 * `snapshot-token-reset`: a replica that restarts from a snapshot and replays the rest of
 * the log must hand out the same tokens as one that replayed the whole log. Tokens from a counter
 * that the snapshot leaves out restart from the beginning instead.
 */
import { describe, expect, test } from 'vitest';
import type { LockServiceConfig } from './config.js';
import { LogDriver } from './log-driver.js';
import { LockStateMachine } from './state-machine.js';

const LOCK = '/ls/lock';

/**
 * Three grants of the lock, a snapshot, a restart from it, then one more grant. Returns the tokens
 * the restarted replica handed out and the one the replica that never restarted handed out.
 */
function restartAfterSnapshot(config: Partial<LockServiceConfig>): { before: number[]; afterRestart: number; withoutRestart: number } {
  const log = new LogDriver(config);
  const session = log.openSession('a', 60_000);
  log.reply({ type: 'open', session, path: LOCK, mode: 'write', create: { kind: 'file' } });
  const before: number[] = [];
  const cycle = (driver: LogDriver): number => {
    const grant = driver.reply({ type: 'acquire', session, path: LOCK, mode: 'exclusive', wait: true }) as { token: number };
    driver.reply({ type: 'release', session, path: LOCK, token: grant.token });
    return grant.token;
  };
  for (let i = 0; i < 3; i++) before.push(cycle(log));

  const restarted = new LockStateMachine(config);
  restarted.restore(log.machine.snapshot());
  const replay = new LogDriver(restarted);
  const afterRestart = cycle(replay);
  return { before, afterRestart, withoutRestart: cycle(log) };
}

describe('snapshot-token-reset: tokens after a restart from a snapshot', () => {
  test('unsafe: the counter the snapshot left out restarts, so the next token is lower than every earlier one', () => {
    const { before, afterRestart, withoutRestart } = restartAfterSnapshot({ tokenSource: 'counter', snapshotOmits: ['counter'] });
    expect(before).toEqual([1, 2, 3]);
    expect(afterRestart).toBe(1);
    expect(withoutRestart).toBe(4);
  });

  test('safe: tokens are log indices, which the restart cannot lose', () => {
    const { before, afterRestart, withoutRestart } = restartAfterSnapshot({});
    expect(afterRestart).toBeGreaterThan(Math.max(...before));
    expect(afterRestart).toBe(withoutRestart);
  });

  test('a counter kept in a whole snapshot keeps rising: the omission is the hazard', () => {
    const { afterRestart, withoutRestart } = restartAfterSnapshot({ tokenSource: 'counter' });
    expect(afterRestart).toBe(4);
    expect(withoutRestart).toBe(4);
  });

  test('unsafe: a snapshot that leaves out the lock table restores a held lock as free', () => {
    for (const [snapshotOmits, holders] of [[['locks'], []], [[], ['a']]] as const) {
      const log = new LogDriver({ snapshotOmits });
      const session = log.openSession('a', 60_000);
      log.reply({ type: 'open', session, path: LOCK, mode: 'write', create: { kind: 'file' } });
      log.reply({ type: 'acquire', session, path: LOCK, mode: 'exclusive', wait: true });
      const restarted = new LockStateMachine({ snapshotOmits });
      restarted.restore(log.machine.snapshot());
      expect((restarted.summary().locks[LOCK] ?? []).map((h) => h.client)).toEqual(holders);
      // The digest covers the whole state, so the replicas' disagreement is visible.
      expect(restarted.digest() === log.machine.digest()).toBe(holders.length > 0);
    }
  });
});
