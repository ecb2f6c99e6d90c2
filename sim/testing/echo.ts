/**
 * A tiny protocol for exercising the kernel without Raft or locks: a pinger sends numbered pings
 * on a timer, an echo server answers each, and both log what they saw and when (by their own
 * clocks). The pinger also appends each pong to disk, so crashes have something to lose.
 */
import type { Env, NodeId, Process, TimerId } from '../../core/env.js';

export interface Ping {
  type: 'ping';
  n: number;
}
export interface Pong {
  type: 'pong';
  n: number;
}

export class EchoServer implements Process {
  readonly received: number[] = [];
  constructor(private readonly env: Env) {}
  start(): void {}
  onMessage(from: NodeId, message: unknown): void {
    const m = message as Ping;
    if (m.type !== 'ping') return;
    this.received.push(m.n);
    this.env.send(from, { type: 'pong', n: m.n } satisfies Pong);
  }
  onTimer(): void {}
}

export interface PingerOptions {
  peer: NodeId;
  intervalNs: number;
  /** Stop after this many pings (0: never). */
  count?: number;
}

export class Pinger implements Process {
  readonly pongs: number[] = [];
  /** Local monotonic readings at which each timer fired. */
  readonly firedAtLocal: number[] = [];
  private n = 0;
  private timer: TimerId | null = null;
  constructor(
    private readonly env: Env,
    private readonly options: PingerOptions,
  ) {}
  start(): void {
    // Recover what the disk kept, as a restarted process must.
    for (const r of this.env.disk.read('pongs')) {
      if (typeof r === 'number') this.pongs.push(r);
    }
    this.n = this.pongs.length;
    this.timer = this.env.setTimer(this.options.intervalNs, 'ping');
  }
  onMessage(_from: NodeId, message: unknown): void {
    const m = message as Pong;
    if (m.type !== 'pong') return;
    this.pongs.push(m.n);
    this.env.disk.append('pongs', m.n);
    this.env.disk.fsync();
  }
  onTimer(id: TimerId): void {
    if (id !== this.timer) return;
    this.firedAtLocal.push(this.env.monotonicNs());
    this.n++;
    this.env.send(this.options.peer, { type: 'ping', n: this.n } satisfies Ping);
    if (!this.options.count || this.n < this.options.count) {
      this.timer = this.env.setTimer(this.options.intervalNs, 'ping');
    }
  }
}
