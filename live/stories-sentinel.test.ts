/** live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts). */
import { describe, it } from 'vitest';
import { storySuite } from './testing/story-suite.js';

// The primary acknowledges the lock and dies before replicating it: the promoted replica grants it again.
// Not yet reliable under heavy load (in 2 of 4 full-suite runs the promoted replica already had the
// key; the cause is not found yet), so it runs only when asked: LOCKSTEP_LIVE_SENTINEL=1.
if (process.env.LOCKSTEP_LIVE_SENTINEL === '1') {
  storySuite('redis-sentinel', 'ack-then-die', [
    { recipe: 'setnx', kinds: ['ME-belief', 'ME-effect'] },
    { recipe: 'setnx-fenced', kinds: ['ME-belief'], never: ['ME-effect'] },
  ]);
} else {
  describe.skip('live redis-sentinel, the ack-then-die story (set LOCKSTEP_LIVE_SENTINEL=1: not yet reliable under load)', () => {
    it('is caught', () => undefined);
  });
}
