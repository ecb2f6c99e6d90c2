/** live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts). */
import { storySuite } from './testing/story-suite.js';

// A holder frozen past its lease: the unfenced resource takes its late write; the revision-fenced one refuses it.
// Beside them, kv clients read, write and CAS etcd keys; etcd's reads are linearizable, so any LIN fails the clean run.
storySuite('etcd', 'paused-holder', [
  { recipe: 'lock', kinds: ['ME-effect'] },
  { recipe: 'lock-fenced', kinds: [] },
], { kv: true });
