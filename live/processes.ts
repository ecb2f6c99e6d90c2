/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Every process a live run starts, by name: each in a process group of its own (so a signal
 * reaches a JVM's or a shell's children too), each reported to the run's watchdog the moment it
 * exists, so that nothing outlives the run even when lockstep itself is SIGKILLed.
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ProcessSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Where its stdout and stderr go (the run's temporary folder). */
  logFile: string;
  /** A Node.js module to fork with an IPC channel instead of spawning `command`. */
  nodeModule?: string;
}

interface Entry {
  spec: ProcessSpec;
  child: ChildProcess | null;
  exited: Promise<void>;
  paused: boolean;
}

/** The watchdog process: it kills what is left when lockstep's pipe to it closes. */
export class Watchdog {
  private readonly child: ChildProcess;

  constructor() {
    const script = fileURLToPath(new URL('./watchdog.js', import.meta.url));
    this.child = spawn(process.execPath, [script], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    this.child.unref();
    (this.child.stdin as NodeJS.WritableStream & { unref?: () => void }).unref?.();
  }

  tell(line: string): void {
    this.child.stdin?.write(line + '\n');
  }

  /** After a clean stop: the watchdog sweeps again (a no-op by then) and exits. */
  done(): void {
    this.child.stdin?.end('done\n');
  }
}

export class ProcessTable {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly watchdog: Watchdog) {}

  names(): string[] {
    return [...this.entries.keys()];
  }

  start(name: string, spec: ProcessSpec): ChildProcess {
    const log = openSync(spec.logFile, 'a');
    const env = { ...process.env, ...(spec.env ?? {}) };
    const child = spec.nodeModule
      ? fork(spec.nodeModule, spec.args, { detached: true, stdio: ['ignore', log, log, 'ipc'], env, cwd: spec.cwd })
      : spawn(spec.command, spec.args, { detached: true, stdio: ['ignore', log, log], env, cwd: spec.cwd });
    closeSync(log);
    if (child.pid !== undefined) this.watchdog.tell(`group ${child.pid}`);
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    this.entries.set(name, { spec, child, exited, paused: false });
    return child;
  }

  child(name: string): ChildProcess | null {
    return this.entries.get(name)?.child ?? null;
  }

  isUp(name: string): boolean {
    const e = this.entries.get(name);
    return e?.child !== null && e?.child !== undefined && e.child.exitCode === null && e.child.signalCode === null;
  }

  isPaused(name: string): boolean {
    return this.entries.get(name)?.paused ?? false;
  }

  private signal(name: string, sig: NodeJS.Signals): boolean {
    const e = this.entries.get(name);
    const pid = e?.child?.pid;
    if (pid === undefined || !this.isUp(name)) return false;
    try {
      process.kill(-pid, sig);
      return true;
    } catch {
      return false;
    }
  }

  pause(name: string): boolean {
    const done = this.signal(name, 'SIGSTOP');
    if (done) this.entries.get(name)!.paused = true;
    return done;
  }

  resume(name: string): boolean {
    const e = this.entries.get(name);
    if (e) e.paused = false;
    return this.signal(name, 'SIGCONT');
  }

  /** SIGKILL (a crash, or power loss) and wait until it has gone. */
  async kill(name: string): Promise<boolean> {
    const e = this.entries.get(name);
    if (!e?.child || !this.isUp(name)) return false;
    this.signal(name, 'SIGKILL');
    await e.exited;
    if (e.child.pid !== undefined) this.watchdog.tell(`forget ${e.child.pid}`);
    e.child = null;
    e.paused = false;
    return true;
  }

  /** Starts a killed process again with the same command, data folder and ports. */
  restart(name: string): ChildProcess | null {
    const e = this.entries.get(name);
    if (!e || this.isUp(name)) return null;
    return this.start(name, e.spec);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.names().map((n) => this.kill(n)));
  }
}
