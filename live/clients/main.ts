/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * One client process of a live run: an application that loops take the lock, write to the
 * protected resource a few times while it believes it holds the lock, give the lock back, think.
 * It runs in its own process so that SIGSTOP freezes it whole, timers and all, as a GC pause
 * would; it talks to the harness over its IPC pipe and exits when that pipe closes.
 */
import { kvStoreFor } from './kv.js';
import type { ClientEvent, ClientInit, HarnessMessage, KvWorkload } from './protocol.js';
import { pause, within, type Grant, type Recipe } from './recipe.js';
import { recipeFor } from './recipes.js';

let init: ClientInit | null = null;
let go: () => void = () => undefined;
const started = new Promise<void>((resolve) => (go = resolve));
let stopping = false;
let writeSeq = 0;
const pendingWrites = new Map<number, (ok: boolean) => void>();

function say(e: ClientEvent): void {
  if (process.connected) process.send?.(e);
}

process.on('disconnect', () => process.exit(0));
process.on('message', (m: HarnessMessage) => {
  if (m.type === 'init' && init === null) {
    init = m;
    void (m.kv ? runKv(m, m.kv) : run(m)).then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`client ${m.id} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(3);
      },
    );
  } else if (m.type === 'go') {
    go();
  } else if (m.type === 'stop') {
    stopping = true;
  } else if (m.type === 'write-reply') {
    pendingWrites.get(m.seq)?.(m.ok);
    pendingWrites.delete(m.seq);
  }
});

function errorWords(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split('\n')[0]!.slice(0, 200);
}

async function run(cfg: ClientInit): Promise<void> {
  const recipe = recipeFor(cfg);
  let lostReason: string | null = null;
  recipe.onLost((reason) => {
    if (lostReason === null) lostReason = reason;
  });
  await recipe.connect();
  say({ type: 'ready' });
  await started;
  const w = cfg.workload;
  await pause(w.startDelayMs);
  while (!stopping) {
    lostReason = null;
    say({ type: 'invoke', f: 'acquire' });
    let grant: Grant | null;
    try {
      grant = await recipe.acquire(w.acquireTimeoutMs);
    } catch (err) {
      // The lock service may have granted it anyway: an indeterminate acquire.
      say({ type: 'complete', f: 'acquire', outcome: 'info', error: errorWords(err) });
      await pause(w.thinkMs);
      continue;
    }
    if (grant === null) {
      say({ type: 'complete', f: 'acquire', outcome: 'fail', error: 'not-granted' });
      await pause(w.thinkMs);
      continue;
    }
    const grantedAt = Date.now();
    say({ type: 'complete', f: 'acquire', outcome: 'ok', value: grant.token === null ? {} : { token: grant.token } });
    say({ type: 'belief-start', token: grant.token, forMs: grant.forMs });
    let endReason = 'released';
    for (let i = 0; i < w.writes; i++) {
      await pause(w.writeGapMs);
      // The application checks what it knows before it acts; a frozen one checks after it wakes.
      if (lostReason !== null) {
        endReason = lostReason;
        break;
      }
      if (grant.forMs !== null && Date.now() - grantedAt >= grant.forMs) {
        endReason = 'deadline';
        break;
      }
      const seq = ++writeSeq;
      const done = new Promise<boolean>((resolve) => pendingWrites.set(seq, resolve));
      say({ type: 'write', seq, token: grant.token, value: `${cfg.id}:${seq}` });
      await done;
    }
    say({ type: 'belief-end', reason: endReason });
    say({ type: 'invoke', f: 'release' });
    try {
      await recipe.release();
      say({ type: 'complete', f: 'release', outcome: 'ok' });
    } catch (err) {
      say({ type: 'complete', f: 'release', outcome: 'info', error: errorWords(err) });
    }
    await pause(w.thinkMs);
  }
  await recipe.close().catch(() => undefined);
  say({ type: 'stopped' });
}

/**
 * A kv client: reads, writes and compare-and-sets a few keys at random, each op recorded as Jepsen
 * records a cas-register's. A CAS expects the value this client last saw for the key; a write
 * writes a value no one wrote before. A failed read changed nothing (fail); a write or CAS that
 * did not answer may have taken effect (info).
 */
async function runKv(cfg: ClientInit, w: KvWorkload): Promise<void> {
  const store = kvStoreFor(w.store, cfg);
  const lastSeen = new Map<string, string>();
  let written = 0;
  say({ type: 'ready' });
  await started;
  await pause(cfg.workload.startDelayMs);
  while (!stopping) {
    const key = w.keys[Math.floor(Math.random() * w.keys.length)]!;
    const roll = Math.random();
    const from = lastSeen.get(key);
    if (roll < 0.5) {
      say({ type: 'invoke', f: 'read', key });
      try {
        const v = await within(w.timeoutMs, store.read(key));
        if (v !== null) lastSeen.set(key, v);
        say({ type: 'complete', f: 'read', outcome: 'ok', value: v, key });
      } catch (err) {
        say({ type: 'complete', f: 'read', outcome: 'fail', error: errorWords(err), key });
      }
    } else if (roll < 0.8 || from === undefined) {
      const value = `${cfg.id}-${++written}`;
      say({ type: 'invoke', f: 'write', value, key });
      try {
        await within(w.timeoutMs, store.write(key, value));
        lastSeen.set(key, value);
        say({ type: 'complete', f: 'write', outcome: 'ok', value, key });
      } catch (err) {
        say({ type: 'complete', f: 'write', outcome: 'info', value, error: errorWords(err), key });
      }
    } else {
      const to = `${cfg.id}-${++written}`;
      say({ type: 'invoke', f: 'cas', value: [from, to], key });
      try {
        const done = await within(w.timeoutMs, store.cas(key, from, to));
        if (done) lastSeen.set(key, to);
        say({ type: 'complete', f: 'cas', outcome: done ? 'ok' : 'fail', value: [from, to], key });
      } catch (err) {
        say({ type: 'complete', f: 'cas', outcome: 'info', value: [from, to], error: errorWords(err), key });
      }
    }
    await pause(w.gapMs);
  }
  await store.close().catch(() => undefined);
  say({ type: 'stopped' });
}

export type { Recipe };
