// Redlock (the algorithm of redis.io's distributed-lock page and node-redlock) over five
// independent Redis-like stores, written as a user of lockstep writes a system: only the public
// API, async style.
//
// A store: SET key value NX PX ttl, and a delete-if-value script. Like Redis, it times expiry on
// its own wall clock, and it appends every write to an append-only file synced "everysec".
// A client: try SET NX PX on every store, count the successes, and hold the lock if a majority
// said yes and the validity left (TTL - elapsed - drift) is positive.
//
// `redlock` hands out the random value as its token (no fencing). `redlock-fenced` also keeps a
// counter per key on every store: a client reads the counters of a majority and takes one more
// than the highest as its fencing token, which every store it locks raises its counter to.
import { defineSystem, type Ctx } from 'lockstep';

const CLOCK_DRIFT_FACTOR = 0.01; // node-redlock's default
const CALL_TIMEOUT_MS = 50;

interface Entry { value: number; expiresAt: number }
type Request =
  | { type: 'set-nx-px'; key: string; value: number; ttlMs: number; token: number; fenced: boolean }
  | { type: 'del-if'; key: string; value: number }
  | { type: 'counter'; key: string };

/** One Redis-like store. */
async function store(ctx: Ctx) {
  const data = new Map<string, Entry>();
  const counters = new Map<string, number>();
  // Replay the append-only file: what survived the last crash is what was synced.
  for (const record of ctx.disk.read('aof')) {
    const r = record as { op: 'set' | 'del'; key: string; value?: number; expiresAt?: number; counter?: number };
    if (!r || typeof r !== 'object' || !('op' in r)) break; // a torn tail
    if (r.op === 'set') {
      data.set(r.key, { value: r.value!, expiresAt: r.expiresAt! });
      counters.set(r.key, r.counter!);
    } else data.delete(r.key);
  }
  const live = (key: string) => {
    const e = data.get(key);
    if (e && e.expiresAt <= ctx.now()) {
      data.delete(key);
      return undefined;
    }
    return e;
  };
  ctx.serve((_from, m: Request) => {
    if (m.type === 'counter') return { counter: counters.get(m.key) ?? 0 };
    if (m.type === 'set-nx-px') {
      if (live(m.key)) return { ok: false };
      // A fencing token is taken only above every token this store saw: two grants share a store,
      // so no two of them get one token (a client paused between reading the counters and its
      // SET would otherwise bring back a token another client already holds).
      if (m.fenced && m.token <= (counters.get(m.key) ?? 0)) return { ok: false };
      const counter = Math.max((counters.get(m.key) ?? 0) + 1, m.token);
      const expiresAt = ctx.now() + m.ttlMs; // PEXPIREAT: an instant on this store's wall clock
      data.set(m.key, { value: m.value, expiresAt });
      counters.set(m.key, counter);
      ctx.disk.append('aof', { op: 'set', key: m.key, value: m.value, expiresAt, counter });
      ctx.disk.fsync(); // honoured per the fsync policy: under everysec it waits for the next second
      return { ok: true, counter };
    }
    const e = live(m.key);
    if (!e || e.value !== m.value) return { ok: false };
    data.delete(m.key);
    ctx.disk.append('aof', { op: 'del', key: m.key });
    ctx.disk.fsync();
    return { ok: true };
  });
}

/** The Redlock client library. */
function client(fenced: boolean) {
  return (ctx: Ctx) => {
    const quorum = Math.floor(ctx.servers.length / 2) + 1;
    const held = new Map<string, { owner: string; value: number; token: number }>();
    const unlockAll = (key: string, value: number) =>
      Promise.all(ctx.servers.map((s) => ctx.call(s, { type: 'del-if', key, value }, { timeoutMs: CALL_TIMEOUT_MS })));
    return {
      async tryLock(key: string, owner: string, ttlMs: number) {
        const value = Math.floor(ctx.random() * 2 ** 31);
        let token = value;
        if (fenced) {
          // Read the counters of a majority first, so that this grant's token is above any earlier
          // grant's (whose majority shares a store with this one).
          const counts = await Promise.all(ctx.servers.map((s) => ctx.call<{ counter: number }>(s, { type: 'counter', key }, { timeoutMs: CALL_TIMEOUT_MS })));
          const known = counts.filter((c) => c !== undefined);
          if (known.length < quorum) return { ok: true as const, acquired: false };
          token = Math.max(...known.map((c) => c!.counter)) + 1;
        }
        const start = ctx.now(); // node-redlock reads the wall clock
        const startMono = ctx.monotonic();
        const answers = await Promise.all(
          ctx.servers.map((s) => ctx.call<{ ok: boolean }>(s, { type: 'set-nx-px', key, value, ttlMs, token, fenced }, { timeoutMs: CALL_TIMEOUT_MS })),
        );
        const yes = answers.filter((a) => a?.ok);
        const drift = ttlMs * CLOCK_DRIFT_FACTOR + 2;
        const validity = ttlMs - (ctx.now() - start) - drift;
        if (yes.length >= quorum && validity > 0) {
          held.set(key, { owner, value, token });
          ctx.believe(key, token, { untilMs: startMono + validity });
          return { ok: true as const, acquired: true, token };
        }
        await unlockAll(key, value);
        // A store that timed out may hold the key: the answer is uncertain only if no majority refused.
        return { ok: true as const, acquired: false };
      },
      async unlock(key: string, owner: string) {
        const h = held.get(key);
        if (!h || h.owner !== owner) return { ok: true as const, status: 'not-held' as const };
        held.delete(key);
        ctx.doubt(key, h.token, 'released');
        const answers = await unlockAll(key, h.value);
        return { ok: true as const, status: answers.some((a) => (a as { ok?: boolean } | undefined)?.ok) ? ('ok' as const) : ('not-held' as const) };
      },
    };
  };
}

const common = {
  servers: 5,
  fsync: 'everysec' as const,
  leaseMs: 1000,
  recoveryMs: 8000,
  server: store,
};

export const redlock = defineSystem({
  ...common,
  name: 'redlock',
  description: 'Redlock over five single-instance stores (SET NX PX, wall-clock expiry, AOF everysec); the random value is the token',
  capabilities: ['try-lock-ttl'],
  client: client(false),
});

export const redlockFenced = defineSystem({
  ...common,
  name: 'redlock-fenced',
  description: 'the same, with a per-key counter on every store: the highest count of the majority is a fencing token the resource checks',
  capabilities: ['try-lock-ttl', 'fenced-resource'],
  client: client(true),
});
