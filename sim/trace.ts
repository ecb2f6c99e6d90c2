/**
 * The run's trace: every event folds into a rolling hash, and (when asked) is kept as data for
 * `trace.jsonl` and the report. The same seed and code give the same hash on any machine, so the
 * hash is the fingerprint that `--check-determinism` compares.
 */
/**
 * One event as the simulator records it: a kind, the process it belongs to, and the kind's data as
 * its emitter gave it. The simulator does not interpret kinds; readers parse a recorded event into
 * the checker's closed union (checker/trace.ts `traceEventOf`) at the boundary, and the harness
 * does so for the events it listens to (scenarios/harness/trace-events.ts).
 */
export interface RecordedEvent {
  /** Sequence number in the run, 0-based. */
  seq: number;
  /** True time. */
  t: number;
  kind: string;
  node?: string;
  data?: Record<string, unknown>;
}

export type TraceLevel = 'none' | 'protocol' | 'all';

/** World-level kinds that are kept only at level 'all' (they are the bulk of a trace). */
const CHATTY = new Set(['send', 'deliver', 'timer']);

export type TraceListener = (event: RecordedEvent) => void;

export class Trace {
  // Two 32-bit FNV-1a style lanes give a 64-bit fingerprint without BigInt in the hot path.
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private count = 0;
  readonly events: RecordedEvent[] = [];
  private listeners: TraceListener[] = [];

  constructor(readonly level: TraceLevel = 'protocol') {}

  listen(listener: TraceListener): void {
    this.listeners.push(listener);
  }

  get length(): number {
    return this.count;
  }

  private mixNumber(n: number): void {
    // Split into two 32-bit halves so large times hash exactly.
    const lo = n >>> 0;
    const hi = Math.floor(n / 4294967296) >>> 0;
    this.h1 = Math.imul(this.h1 ^ lo, 0x01000193) >>> 0;
    this.h2 = Math.imul(this.h2 ^ hi ^ lo, 0x5bd1e995) >>> 0;
    this.h2 = (this.h2 ^ (this.h2 >>> 15)) >>> 0;
  }

  /** Short strings (kinds, node ids, message types) recur endlessly: hash each once. */
  private readonly codes = new Map<string, number>();

  /** The number a short string folds into the hash as (callers may keep it for strings they reuse). */
  code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) c = Math.imul(c ^ s.charCodeAt(i), 0x01000193) >>> 0;
      // Mix the length in too, so that no two short strings are likely to share a code.
      c = (c ^ Math.imul(s.length, 0x9e3779b1)) >>> 0;
      this.codes.set(s, c);
    }
    return c;
  }

  private mixString(s: string): void {
    let a = this.h1;
    let b = this.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193) >>> 0;
      b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
      b = (b ^ (b >>> 13)) >>> 0;
    }
    this.h1 = a;
    this.h2 = b;
  }

  /**
   * Folds an event into the hash. `detail` is a short string standing for the event's content
   * (message type, role, ...); `data` is kept for the trace file when recording, and folded into
   * the hash for protocol events, which are few.
   */
  record(t: number, kind: string, node: string | undefined, detail: string, data?: Record<string, unknown>): void {
    this.mixNumber(t);
    this.mixNumber(this.code(kind));
    if (node !== undefined) this.mixNumber(this.code(node));
    if (detail) this.mixNumber(this.code(detail));
    const chatty = CHATTY.has(kind);
    if (data !== undefined && !chatty) this.mixString(JSON.stringify(data));
    const seq = this.count++;
    const keep = this.level === 'all' || (this.level === 'protocol' && !chatty);
    // Listeners (invariant monitors) see protocol and fault events, not the packet chatter.
    const listen = !chatty && this.listeners.length > 0;
    if (keep || listen) {
      const event: RecordedEvent = { seq, t, kind };
      if (node !== undefined) event.node = node;
      if (data !== undefined) event.data = data;
      if (keep) this.events.push(event);
      if (listen) for (const l of this.listeners) l(event);
    }
  }

  /**
   * World-level chatter (a send, a delivery, a timer) given as codes: folds into the hash exactly as
   * `record(t, kind, node, detail)` would, and is kept only at level 'all'. It is the bulk of every
   * run, so it skips the work a protocol event needs (data, listeners).
   */
  chatter(t: number, kind: string, kindCode: number, node: string, nodeCode: number, detail: string): void {
    this.mixNumber(t);
    this.mixNumber(kindCode);
    this.mixNumber(nodeCode);
    if (detail) this.mixNumber(this.code(detail));
    const seq = this.count++;
    if (this.level === 'all') this.events.push({ seq, t, kind, node });
  }

  /** The fingerprint of everything recorded so far, as 16 hex digits. */
  hash(): string {
    return this.h1.toString(16).padStart(8, '0') + this.h2.toString(16).padStart(8, '0');
  }
}
