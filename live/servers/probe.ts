/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Small wire probes that tell whether a server serves: one request, one answer, a short timeout.
 */
import { connect } from 'node:net';
import { request } from 'node:http';
import { sleep } from '../clock.js';

/** Sends `text` and resolves with whatever comes back first ('' on any failure). */
export function ask(port: number, text: string, host = '127.0.0.1', timeoutMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const s = connect(port, host, () => s.write(text));
    const done = (): void => {
      s.destroy();
      resolve(answer);
    };
    s.setTimeout(timeoutMs, done);
    s.on('data', (d) => {
      answer += String(d);
      if (answer.endsWith('\n') || answer.length > 4000) setTimeout(done, 20);
    });
    s.on('error', done);
    s.on('close', done);
  });
}

export function httpGet(port: number, path: string, host = '127.0.0.1', timeoutMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve(body));
      res.on('error', () => resolve(''));
    });
    req.on('error', () => resolve(''));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Polls `check` until it holds, or throws naming `what` at the deadline. */
export async function waitFor(what: string, deadlineMs: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(150);
  }
  throw new Error(`${what} did not come up within ${Math.round(deadlineMs / 1000)} s`);
}
