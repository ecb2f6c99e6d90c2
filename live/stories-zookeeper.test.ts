/** live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts). */
import { storySuite } from './testing/story-suite.js';

// Answers held up, then heartbeats silenced: scheme a believes past its session; Curator with fencing stays clean.
storySuite('zookeeper', 'client-jitter', [
  { recipe: 'scheme-a', kinds: ['ME-belief'] },
  { recipe: 'curator-fenced', kinds: [] },
]);
