// Not a lock: a job queue with visibility timeouts, in the manner of SQS. A worker receives a job,
// which stays invisible to other workers for the visibility timeout; it deletes the job when done.
// The property at stake is the one every such queue's users depend on: no two workers process
// one job at once. Written with lockstep's public API in async style.
//
// lockstep's try-lock capability fits it: receiving job J with visibility V is tryLock(J, worker,
// V); deleting it is unlock(J, worker). A worker believes it owns the job until its own clock says
// the visibility it was given has run out.
//
// `job-queue` counts the visibility from when the worker sent the receive, less a margin for clock
// rate error; `job-queue-naive` counts it from when the answer arrived, the full timeout (the
// lease-skew mistake), and the queue keeps its deadlines on its wall clock.
import { defineSystem, type Ctx } from 'lockstep';

interface InFlight { worker: string; receipt: number; visibleAt: number }
type Request = { type: 'receive'; job: string; worker: string; visibilityMs: number } | { type: 'delete'; job: string; worker: string };

function queueServer(wallClock: boolean) {
  return async (ctx: Ctx) => {
    const now = () => (wallClock ? ctx.now() : ctx.monotonic());
    const inFlight = new Map<string, InFlight>();
    let receipts = 0;
    ctx.serve((_from, m: Request) => {
      const f = inFlight.get(m.job);
      const taken = f && f.visibleAt > now() ? f : undefined;
      if (m.type === 'receive') {
        if (taken && taken.worker !== m.worker) return { received: false };
        const receipt = ++receipts;
        inFlight.set(m.job, { worker: m.worker, receipt, visibleAt: now() + m.visibilityMs });
        return { received: true, receipt };
      }
      if (!taken) return { status: 'not-held' };
      if (taken.worker !== m.worker) return { status: 'held-by-other' };
      inFlight.delete(m.job);
      return { status: 'ok' };
    });
  };
}

function worker(margin: number, fromSend: boolean) {
  return (ctx: Ctx) => {
    const queue = ctx.servers[0]!;
    const receipts = new Map<string, number>();
    return {
      async tryLock(job: string, worker: string, visibilityMs: number) {
        const sentAt = ctx.monotonic();
        const r = await ctx.call<{ received: boolean; receipt?: number }>(queue, { type: 'receive', job, worker, visibilityMs }, { timeoutMs: 100 });
        if (!r) return { ok: false as const, error: 'timeout', indeterminate: true };
        if (!r.received) return { ok: true as const, acquired: false };
        receipts.set(job, r.receipt!);
        const from = fromSend ? sentAt : ctx.monotonic();
        ctx.believe(job, r.receipt!, { untilMs: from + visibilityMs * (1 - margin) });
        return { ok: true as const, acquired: true, token: r.receipt! };
      },
      async unlock(job: string, worker: string) {
        const receipt = receipts.get(job);
        if (receipt !== undefined) ctx.doubt(job, receipt, 'released');
        receipts.delete(job);
        const r = await ctx.call<{ status: 'ok' | 'not-held' | 'held-by-other' }>(queue, { type: 'delete', job, worker }, { timeoutMs: 100 });
        if (!r) return { ok: false as const, error: 'timeout', indeterminate: true };
        return { ok: true as const, status: r.status };
      },
    };
  };
}

const common = { servers: 1, capabilities: ['try-lock-ttl' as const], leaseMs: 1000, recoveryMs: 6000 };

export const jobQueue = defineSystem({
  ...common,
  name: 'job-queue',
  description: 'visibility counted on the queue\'s monotonic clock; a worker counts it from its send, less 20% for clock rate error',
  server: queueServer(false),
  client: worker(0.2, true),
});

export const jobQueueNaive = defineSystem({
  ...common,
  name: 'job-queue-naive',
  description: 'the queue keeps deadlines on its wall clock; a worker counts the full timeout from the answer',
  server: queueServer(true),
  client: worker(0, false),
});
