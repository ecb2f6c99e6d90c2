/**
 * Queue disciplines: how an acquire that cannot be granted waits, and what happens to the waiters
 * when the lock may have become free (a release, an expiry, the end of a lock-delay).
 */
import type { LockMode } from './commands.js';
import type { QueueName } from './config.js';
import type { ApplyContext } from './context.js';
import { settle } from './dedup.js';
import { compatible, dropped, endGrant, grantToWaiter, startLockDelay, underLockDelay } from './file-locks.js';
import type { AcquireWoken } from './replies.js';
import { isLive } from './session-lookup.js';
import type { FileLock, FsNode } from './state.js';

export interface QueueDiscipline {
  readonly name: QueueName;
  /** Why an acquire in `mode` cannot be granted at once (lock-delay aside), or null if it can. */
  blockedBy(lock: FileLock, mode: LockMode): 'queue' | 'holder' | null;
  /** The lock may have become free: hand it on, or wake the waiters (never under lock-delay). */
  wake(ctx: ApplyContext, node: FsNode): void;
}

/**
 * The safe discipline. A release wakes only the head of the queue: one writer, or the run of
 * consecutive readers at the head. A reader arriving while anyone waits queues behind them, so a
 * waiting writer is not starved by a stream of readers.
 */
const fifo: QueueDiscipline = {
  name: 'fifo',
  blockedBy: (lock, mode) => (lock.waiters.length > 0 ? 'queue' : compatible(lock, mode) ? null : 'holder'),
  wake(ctx, node) {
    const lock = node.lock;
    while (lock.waiters.length > 0) {
      const head = lock.waiters[0];
      // Sessions that expire in one tick all end before any of their locks moves on, so a grant
      // here can meet a waiter whose session has ended but whose queue entry is not yet cleared.
      const live = isLive(ctx.state, head.session);
      if (!live && !ctx.config.grantToExpiredWaiters) {
        lock.waiters.shift();
        dropped(ctx, node.path, head.session, head.client, head.request, 'session-expired');
        continue;
      }
      if (!compatible(lock, head.mode)) return;
      lock.waiters.shift();
      const holder = grantToWaiter(ctx, node, head);
      if (!live) {
        // `waiter-expired-grant`: the waiter is told it holds the lock although its session
        // is gone. Nothing will end the grant through the session, so it ends now, as an expiry,
        // and the lock moves on while the waiter believes it holds it (etcd #11456).
        endGrant(ctx, node, holder, 'expired');
        startLockDelay(ctx, node.path);
        if (underLockDelay(ctx.state, node.path)) return;
        continue;
      }
      if (head.mode === 'exclusive') return;
    }
  },
};

/**
 * `herd-starvation`: every change of the lock wakes every waiter, each of which must send
 * its acquire again, and the first retry to reach the log wins (no order among waiters). Readers
 * are let in whenever the holders allow, however long a writer has been waiting, so a stream of
 * overlapping readers starves it. Each wake-up is a fact and an answer, so the herd shows in the
 * trace and in the message count.
 */
const herd: QueueDiscipline = {
  name: 'herd',
  blockedBy: (lock, mode) => (compatible(lock, mode) ? null : 'holder'),
  wake(ctx, node) {
    for (const waiter of node.lock.waiters.splice(0)) {
      const { session, client, request } = waiter;
      ctx.facts.push({ kind: 'waiter-woken', lock: node.path, session, client, request });
      const reply: AcquireWoken = { ok: true, type: 'acquire', granted: false, queued: false, woken: true };
      ctx.answers.push({ request, reply });
      settle(ctx.state, request, reply);
    }
  },
};

const QUEUE_DISCIPLINES: Readonly<Record<QueueName, QueueDiscipline>> = { fifo, herd };

export function queueDiscipline(name: QueueName): QueueDiscipline {
  return QUEUE_DISCIPLINES[name];
}
