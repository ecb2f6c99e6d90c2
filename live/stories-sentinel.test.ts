/** live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts). */
import { storySuite } from './testing/story-suite.js';

// The primary acknowledges the lock and dies before replicating it: the promoted replica grants it again.
storySuite('redis-sentinel', 'ack-then-die', [
  { recipe: 'setnx', kinds: ['ME-belief', 'ME-effect'] },
  { recipe: 'setnx-fenced', kinds: ['ME-belief'], never: ['ME-effect'] },
]);
