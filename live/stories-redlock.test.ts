/** live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts). */
import { storySuite } from './testing/story-suite.js';

// Clocks of a majority jump past the TTL: two holders; fencing refuses the late writes but not the double belief.
storySuite('redlock', 'clock-jump', [
  { recipe: 'redlock', kinds: ['ME-belief', 'ME-effect'] },
  { recipe: 'redlock-fenced', kinds: ['ME-belief'], never: ['ME-effect'] },
]);
