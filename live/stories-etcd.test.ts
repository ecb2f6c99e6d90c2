/** live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts). */
import { storySuite } from './testing/story-suite.js';

// A holder frozen past its lease: the unfenced resource takes its late write; the revision-fenced one refuses it.
storySuite('etcd', 'paused-holder', [
  { recipe: 'lock', kinds: ['ME-effect'] },
  { recipe: 'lock-fenced', kinds: [] },
]);
