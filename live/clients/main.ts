/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * One client process of a live run: an application that loops take the lock, write to the
 * protected resource a few times while it believes it holds the lock, give the lock back, think.
 * It runs in its own process so that SIGSTOP freezes it whole, timers and all, as a GC pause
 * would; it talks to the harness over its IPC pipe and exits when that pipe closes.
 */
import type { ClientEvent, ClientInit, HarnessMessage } from './protocol.js';
import { pause, type Grant, type Recipe } from './recipe.js';
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
    void run(m).then(
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

export type { Recipe };
