/**
 * live/: real processes and real time. This folder is exempt from the determinism rules of
 * core/, sim/, nemesis/, checker/ and scenarios/ (test/determinism-rules.test.ts): a live run is
 * not reproducible, only its workload and fault schedule are.
 *
 * The run's watchdog: a tiny process of its own that outlives lockstep. lockstep tells it, one
 * line at a time on its stdin, every process group, folder, network namespace and bridge the run
 * owns ("group <pgid>", "path <dir>", "netns <name>", "link <name>"). When that pipe closes
 * (lockstep ended, however it ended: even SIGKILL closes the pipe) it SIGKILLs every group,
 * SIGCONT is not needed for a stopped process, removes the folders and deletes the namespaces and
 * bridges. A clean stop says "done" first, so the watchdog does the same and exits at once.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const groups = new Set<number>();
const paths = new Set<string>();
const namespaces = new Set<string>();
const bridges = new Set<string>();
let buffered = '';

function sweep(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const dir of paths) rmSync(dir, { recursive: true, force: true });
  // A namespace's veth goes with it; the bridge after them. Either may be gone already.
  for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  for (const link of bridges) spawnSync('ip', ['link', 'del', link], { stdio: 'ignore' });
  process.exit(0);
}

function onLine(line: string): void {
  const [verb, arg] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
  if (line === 'done') return sweep();
  if (verb === 'group') groups.add(Number(arg));
  else if (verb === 'forget') groups.delete(Number(arg));
  else if (verb === 'path') paths.add(arg);
  else if (verb === 'netns') namespaces.add(arg);
  else if (verb === 'link') bridges.add(arg);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let nl: number;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    onLine(buffered.slice(0, nl));
    buffered = buffered.slice(nl + 1);
  }
});
process.stdin.on('end', sweep);
process.stdin.on('error', sweep);
// The watchdog must not die with lockstep's terminal or group.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
process.on('SIGHUP', () => undefined);
