/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * What a live run records, in the simulator's shapes: the Jepsen history, the trace, the clients'
 * beliefs and the resource's log, each stamped with the run's true time on arrival.
 */
import type { Belief, Op, ResourceWrite } from '../checker/history.js';
import { traceEventOf, type TraceEvent } from '../checker/trace.js';
import type { RunClock } from './clock.js';

export class Recorder {
  readonly history: Op[] = [];
  readonly trace: TraceEvent[] = [];
  readonly beliefs: Belief[] = [];
  readonly resourceLog: ResourceWrite[] = [];
  /** A belief's end by the client's own deadline, when it has one. */
  private readonly deadlines = new Map<Belief, number>();

  constructor(readonly clock: RunClock) {}

  now(): number {
    return this.clock.nowNs();
  }

  op(op: Omit<Op, 'index' | 'time'>): number {
    const index = this.history.length;
    this.history.push({ index, time: this.now(), ...op } as Op);
    return index;
  }

  event(kind: string, data: Record<string, unknown>, node?: string): void {
    this.trace.push(traceEventOf({ seq: this.trace.length, t: this.now(), kind, ...(node ? { node } : {}), data }));
  }

  beginBelief(client: string, lock: string, token: number, forMs: number | null, op: number): Belief {
    const b: Belief = { client, lock, token, mode: 'exclusive', start: this.now(), end: null, op };
    this.beliefs.push(b);
    if (forMs !== null) this.deadlines.set(b, b.start + forMs * 1e6);
    this.event('belief-start', { client, lock, token, forMs }, client);
    return b;
  }

  /** Ends a belief now, or at its own deadline if that came first (a frozen client reports late). */
  endBelief(b: Belief, reason: string): void {
    if (b.end !== null) return;
    const now = this.now();
    const deadline = this.deadlines.get(b);
    if (deadline !== undefined && deadline < now) {
      b.end = deadline;
      b.endReason = 'deadline';
    } else {
      b.end = now;
      b.endReason = reason;
    }
    this.event('belief-end', { client: b.client, lock: b.lock, token: b.token, reason: b.endReason }, b.client);
  }

  /** At the end of the run: beliefs with a deadline end there; the others stay open. */
  closeBeliefs(): void {
    for (const b of this.beliefs) {
      if (b.end !== null) continue;
      const deadline = this.deadlines.get(b);
      if (deadline !== undefined && deadline <= this.now()) {
        b.end = deadline;
        b.endReason = 'deadline';
      }
    }
  }
}
