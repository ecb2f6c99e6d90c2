// Kubernetes client-go's leader election (tools/leaderelection) over a Lease object kept by one
// API server with compare-and-set on its resourceVersion, written as a lockstep user writes a
// system: only the public API, async style.
//
// A candidate reads the Lease; it may take it when it is free or when it has not seen the
// record change for leaseDuration on its own clock ("observed time": client-go never trusts the
// timestamps in the record, which other machines' clocks wrote). The leader renews every
// retryPeriod and stops leading when it could not renew within renewDeadline.
//
// `k8s-lease` follows the documented constraint leaseDuration > renewDeadline, with a margin for
// clock rate differences; `k8s-lease-unsafe` lets the renew deadline run past the lease duration,
// so a leader that cannot reach the server goes on leading after others may take over.
import { defineSystem, type Ctx } from 'lockstep';

interface Lease { holder: string; transitions: number; renewedAt: number }
type Request = { type: 'get' } | { type: 'cas'; version: number; lease: Lease };

/** The API server: one Lease with a resourceVersion. */
async function apiServer(ctx: Ctx) {
  let lease: Lease = { holder: '', transitions: 0, renewedAt: 0 };
  let version = 0;
  ctx.serve((_from, m: Request) => {
    if (m.type === 'get') return { lease, version };
    if (m.version !== version) return { conflict: true, lease, version };
    lease = m.lease;
    version++;
    return { conflict: false, lease, version };
  });
}

interface Timing { leaseMs: number; renewDeadlineMs: number; retryMs: number }

function elector(t: Timing) {
  return (ctx: Ctx) => {
    const server = ctx.servers[0]!;
    const timeoutMs = Math.min(t.retryMs, 100);
    let observed: { version: number; at: number } | null = null;
    /** The term this client leads in, if it does: a new campaign is a new term, even with the same token. */
    let leading: { term: number; election: string; token: number; lastRenew: number } | null = null;
    let terms = 0;

    const get = () => ctx.call<{ lease: Lease; version: number }>(server, { type: 'get' }, { timeoutMs });
    const cas = (version: number, lease: Lease) => ctx.call<{ conflict: boolean; version: number }>(server, { type: 'cas', version, lease }, { timeoutMs });

    /**
     * One tryAcquireOrRenew: the token and the instant the attempt began, when this client holds
     * the lease after it. A renewal keeps leaseTransitions; taking the lease for a new term raises
     * it, even from this client's own stale record (client-go keeps it then, but then the token
     * would not name the term, and a fencing token must).
     */
    async function tryAcquireOrRenew(renewing: boolean): Promise<{ token: number; at: number } | null> {
      const at = ctx.monotonic();
      const r = await get();
      if (!r) return null;
      if (!observed || observed.version !== r.version) observed = { version: r.version, at };
      const mine = r.lease.holder === ctx.id;
      if (!mine && r.lease.holder !== '' && observed.at + t.leaseMs > ctx.monotonic()) return null;
      const next: Lease = { holder: ctx.id, transitions: mine && renewing ? r.lease.transitions : r.lease.transitions + 1, renewedAt: ctx.now() };
      const w = await cas(r.version, next);
      if (!w || w.conflict) return null;
      observed = { version: w.version, at: ctx.monotonic() };
      return { token: next.transitions, at };
    }

    async function renewLoop(term: number) {
      for (;;) {
        await ctx.sleep(t.retryMs);
        if (leading?.term !== term) return;
        const renewed = await tryAcquireOrRenew(true);
        if (leading?.term !== term) return; // resigned meanwhile: a late renewal does not make it lead again
        if (renewed && renewed.token === leading.token) {
          leading.lastRenew = renewed.at;
          ctx.believe(leading.election, leading.token, { untilMs: renewed.at + t.renewDeadlineMs });
        } else if (ctx.monotonic() - leading.lastRenew > t.renewDeadlineMs || (renewed && renewed.token !== leading.token)) {
          ctx.doubt(leading.election, leading.token, 'renew-deadline'); // OnStoppedLeading
          leading = null;
          return;
        }
      }
    }

    return {
      async campaign(election: string) {
        const giveUpAt = ctx.monotonic() + 5000;
        while (ctx.monotonic() < giveUpAt) {
          const won = await tryAcquireOrRenew(false);
          if (won) {
            const term = ++terms;
            leading = { term, election, token: won.token, lastRenew: won.at };
            ctx.believe(election, won.token, { untilMs: won.at + t.renewDeadlineMs });
            void renewLoop(term);
            return { ok: true as const, token: won.token };
          }
          await ctx.sleep(t.retryMs * (1 + ctx.random() * 0.2)); // client-go's jitter
        }
        return { ok: false as const, error: 'timeout' };
      },
      async resign(election: string, token: number) {
        if (!leading || leading.token !== token) return { ok: false as const, error: 'not-held' };
        leading = null;
        ctx.doubt(election, token, 'released');
        const r = await get();
        if (r && r.lease.holder === ctx.id) await cas(r.version, { ...r.lease, holder: '' });
        return { ok: true as const };
      },
      leads(election: string) {
        const held = leading !== null && leading.election === election && ctx.monotonic() - leading.lastRenew <= t.renewDeadlineMs;
        return { held, token: leading?.token ?? null };
      },
    };
  };
}

// The term's token is the Lease's leaseTransitions: a new holder's CAS raises it, a renewal keeps
// it, so it only grows from one leader to the next and the resource may fence on it
// (client-go itself does not fence: "does not guarantee that only one client is acting as a
// leader"; an application that writes through it has to).
const common = { servers: 1, capabilities: ['leader-election' as const, 'fenced-resource' as const], leaseMs: 1000, recoveryMs: 8000, server: apiServer };

export const k8sLease = defineSystem({
  ...common,
  name: 'k8s-lease',
  description: 'leaseDuration 1500 ms > renewDeadline 1000 ms, retryPeriod 200 ms (the documented constraint, with a third for clock rate error)',
  client: elector({ leaseMs: 1500, renewDeadlineMs: 1000, retryMs: 200 }),
});

export const k8sLeaseUnsafe = defineSystem({
  ...common,
  name: 'k8s-lease-unsafe',
  description: 'renewDeadline 1500 ms > leaseDuration 1000 ms: a leader cut off from the server leads on after others may take over',
  client: elector({ leaseMs: 1000, renewDeadlineMs: 1500, retryMs: 200 }),
});
