/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The scripted stories: one fault schedule per target, in the simulator's format, timed against
 * the workload's staggered start (c1 starts alone, c2 one second later) so that the fault lands
 * on the lock holder. Each says in its description what it does and why it catches the unsafe
 * recipe; the safe recipe runs the same schedule.
 */
import type { Schedule } from '../nemesis/schedule.js';

const S = 1_000_000_000;
const MS = 1_000_000;

/** etcd: c1 holds the lock and is frozen past its lease, then wakes and writes. */
export const ETCD_PAUSED_HOLDER: Schedule = {
  description:
    'c1 takes the lock first (c2 starts 1 s later) and is frozen by SIGSTOP at 1.2 s for 5 s, longer than its 2 s lease. Its keep-alives stop, the lease expires, c2 takes the lock and writes. When c1 wakes it still believes and writes with its old revision: an unfenced resource takes the write, a resource fenced by the revision refuses it.',
  healAt: 7 * S,
  faults: [{ at: 1200 * MS, fault: 'pause', targets: ['c1'], duration: 5 * S }],
};

/** ZooKeeper: jitter between c1 and the servers, answers held up and then heartbeats silenced. */
export const ZK_CLIENT_JITTER: Schedule = {
  description:
    'For the first 3 s whatever the servers send c1 takes 0.7 s longer (less than the client\'s 1 s connect timeout), so c1 hears of its grant 0.7 s after the server made it; from 1.3 s for 4.7 s nothing c1 sends reaches the servers. The server expires c1\'s 3 s session counting from the last packet it heard (the create); c2 takes the lock. Under scheme a, c1 counts its 3 s expiry from the late answer and still believes, and writes, while c2 holds the lock.',
  healAt: 6500 * MS,
  faults: [
    { at: 0, fault: 'clog', duration: 3 * S, params: { from: ['servers'], to: ['c1'], extraNs: 700 * MS } },
    { at: 1300 * MS, fault: 'one-way', duration: 4700 * MS, params: { from: ['c1'], to: ['servers'] } },
  ],
};

/** Redlock: the clocks of a majority jump ahead by more than the TTL while c1 holds the lock. */
export const REDLOCK_CLOCK_JUMP: Schedule = {
  description:
    'c1 takes the lock on all five servers first; at 1 s the clocks of n1, n2 and n3 jump 20 s ahead (libfaketime), so the key expires there at once. c2 takes the lock on that majority while c1 still believes (its validity is counted on its own clock) and both write. At 4 s the clocks of n3, n4 and n5 jump too, for the holder of that moment.',
  healAt: 7 * S,
  faults: [
    { at: 1 * S, fault: 'clock-jump', targets: ['n1', 'n2', 'n3'], params: { deltaNs: 20 * S } },
    { at: 4 * S, fault: 'clock-jump', targets: ['n3', 'n4', 'n5'], params: { deltaNs: 20 * S } },
  ],
};

/** Sentinel: the primary acknowledges c1's lock, never replicates it, and dies. */
export const SENTINEL_ACK_THEN_DIE: Schedule = {
  description:
    'From the start nothing the primary n1 sends its replicas reaches them (its replication stream is held). c1 takes the lock on n1 (OK at once: replication is asynchronous); at 1.5 s n1 is SIGKILLed. Sentinel promotes a replica that never saw the key; c2 takes the lock there while c1, whose critical section lasts 12 s, still believes and writes. n1 comes back at 9 s (empty: no persistence) and Sentinel makes it a replica; if the failover has not happened by then, c2 takes the lock on the emptied n1 instead, the same loss of an acknowledged write.',
  healAt: 9500 * MS,
  faults: [
    { at: 0, fault: 'one-way', duration: 9 * S, params: { from: ['n1'], to: ['n2', 'n3'] } },
    { at: 1500 * MS, fault: 'crash', targets: ['n1'], duration: 7500 * MS, params: { mode: 'clean' } },
  ],
};
