/**
 * The client's line to the lock service: finds the leader, sends one request at a time, retries
 * with the same sequence number, and gives up at the request's deadline.
 *
 * One request at a time, because the server keeps only each client's latest reply for
 * de-duplication: a retry of a request is answered from that table only while no later request of
 * the client has executed. Sending in order and waiting for each answer keeps every retry
 * exactly-once. Keep-alives jump the queue (never the request in flight), since a late keep-alive
 * costs the session.
 *
 * A queued acquire is answered twice: at once with `final: false`, which frees the line, and
 * later with its final answer, pushed by whichever server leads then.
 *
 * Numbers must never repeat the last one the server executed for this client id: a repeat is
 * answered with the stored reply of a different request, which would silently swallow the new
 * one. A restarted client whose disk lost its numbers cannot know that last number, so before its
 * first request each incarnation sends a probe, a command that can only be refused: a refusal
 * proves the number fresh (refusals are not remembered), and a stored reply or a "stale" refusal
 * moves the numbers on and probes again.
 */
import type { DurationNs, Env, LocalNs, NodeId } from '../env.js';
import type { Command } from '../lock/commands.js';
import type { Reply } from '../lock/replies.js';
import type { ClientReply, ClientRequest } from '../server/protocol.js';
import type { LeaseClock } from './lease-clock.js';
import type { RequestNumbers } from './request-numbers.js';
import type { Timers } from './timers.js';

/** How a request ended, as far as the line is concerned. */
export type RequestOutcome =
  /** The final answer. `sentAt`: the lease clock at the request's first send. */
  | { kind: 'answered'; reply: Reply; sentAt: LocalNs }
  /** A queued acquire: its final answer goes to `onFinal`. */
  | { kind: 'queued'; reply: Reply; sentAt: LocalNs }
  /** The deadline passed. `sent`: whether any attempt left the client (else it had no effect). */
  | { kind: 'gave-up'; sent: boolean };

export interface RequestSpec {
  command: Command;
  /** Give up at this monotonic-clock reading. */
  deadline: LocalNs;
  /** Goes before every request still waiting (keep-alives). */
  urgent?: boolean;
  onOutcome(outcome: RequestOutcome): void;
  /** The later final answer of a queued request. */
  onFinal?(reply: Reply): void;
}

/** A submitted request, for cancelling it. */
export interface Ticket {
  /** The sequence number, once the request was first sent. */
  readonly seq: number | null;
  /** Stops retrying, or waiting for a final answer; no outcome follows. */
  cancel(): void;
}

/** Settings of the line (from the client options). */
export interface ChannelTiming {
  requestTimeoutNs: DurationNs;
  retryBackoffNs: DurationNs;
}

/** The probe: closing a session that cannot exist is always refused, so it never changes anything. */
const PROBE: Command = { type: 'close-session', session: 'probe:no-such-session' };

class Request implements Ticket {
  seq: number | null = null;
  sentAt: LocalNs | null = null;
  attemptTimer: number | null = null;
  deadlineTimer: number | null = null;
  finished = false;
  constructor(
    readonly spec: RequestSpec,
    readonly cancelWith: (r: Request) => void,
  ) {}
  cancel(): void {
    this.cancelWith(this);
  }
}

export class RequestChannel {
  private readonly waiting: Request[] = [];
  private current: Request | null = null;
  /** Queued requests by sequence number, until their final answer. */
  private readonly queued = new Map<number, Request>();
  private target: NodeId;
  private rotation = 0;
  /** Whether the current numbers are known to lie past everything the server executed. */
  private numbersChecked = false;
  /** Answers nobody waits for (a grant of a given-up acquire): the client decides what to do. */
  onStray: (seq: number, reply: Reply) => void = () => {};

  constructor(
    private readonly env: Env,
    private readonly timers: Timers,
    private readonly leaseClock: LeaseClock,
    private readonly numbers: RequestNumbers,
    private readonly servers: readonly NodeId[],
    private readonly timing: ChannelTiming,
  ) {
    this.target = servers[0] as NodeId;
  }

  /** The server the next attempt goes to. */
  get server(): NodeId {
    return this.target;
  }

  submit(spec: RequestSpec): Ticket {
    const request = new Request(spec, (r) => this.cancel(r));
    request.deadlineTimer = this.timers.set(spec.deadline - this.env.monotonicNs(), 'deadline', () => this.expire(request));
    if (spec.urgent) this.waiting.unshift(request);
    else this.waiting.push(request);
    this.pump();
    return request;
  }

  /** A `lock-rep` arrived. */
  handleReply(rep: ClientReply): void {
    if (rep.clientId !== this.env.id) return;
    const current = this.current;
    if (current !== null && rep.seq === current.seq) {
      this.answerCurrent(current, rep);
      return;
    }
    if (rep.status !== 'ok') return;
    const queued = this.queued.get(rep.seq);
    if (queued !== undefined) {
      if (!rep.final) return;
      this.queued.delete(rep.seq);
      queued.finished = true;
      queued.spec.onFinal?.(rep.reply);
      return;
    }
    this.onStray(rep.seq, rep.reply);
  }

  private answerCurrent(request: Request, rep: ClientReply): void {
    if (rep.status === 'not-leader') {
      const hint = rep.leader !== null && rep.leader !== rep.from ? rep.leader : null;
      if (hint !== null) {
        this.target = hint;
        this.transmit(request);
      } else {
        this.rotate();
        this.resendLater(request);
      }
      return;
    }
    if (rep.status === 'retry') {
      this.resendLater(request);
      return;
    }
    if (request.spec.command === PROBE) {
      this.finishCurrent(request);
      this.numbersChecked = this.probeAnswered(request, rep.reply);
      this.pump();
      return;
    }
    if (this.answeredForSomeoneElse(request, rep.reply)) {
      // Not executed: it goes first again, under a new number, once the numbers are checked.
      this.finishCurrent(request);
      request.finished = false;
      this.timers.cancel(request.deadlineTimer);
      request.deadlineTimer = this.timers.set(request.spec.deadline - this.env.monotonicNs(), 'deadline', () => this.expire(request));
      this.waiting.unshift(request);
      this.numbersChecked = false;
      this.pump();
      return;
    }
    this.finishCurrent(request);
    const sentAt = request.sentAt as LocalNs;
    if (rep.final) {
      request.spec.onOutcome({ kind: 'answered', reply: rep.reply, sentAt });
    } else {
      this.queued.set(request.seq as number, request);
      request.finished = false;
      request.spec.onOutcome({ kind: 'queued', reply: rep.reply, sentAt });
    }
    this.pump();
  }

  /**
   * A reply that cannot be this request's: the server refused the number as older than one it
   * executed, or replayed a stored reply of another command type. Both mean an earlier
   * incarnation of this client used these numbers (its disk lost the record).
   */
  private answeredForSomeoneElse(request: Request, reply: Reply): boolean {
    if (!reply.ok) {
      if (reply.error.code !== 'stale-request') return false;
      this.skipPastStale(reply.error.message);
      return true;
    }
    if (reply.type === request.spec.command.type) return false;
    this.numbers.skipPast(request.seq);
    return true;
  }

  /** Whether the probe's answer proves its number fresh; if not, the numbers move on. */
  private probeAnswered(probe: Request, reply: Reply): boolean {
    if (reply.ok) {
      // A stored reply: an earlier incarnation used this very number.
      this.numbers.skipPast(probe.seq);
      return false;
    }
    if (reply.error.code === 'stale-request') {
      this.skipPastStale(reply.error.message);
      return false;
    }
    return true;
  }

  private skipPastStale(message: string): void {
    // The refusal names the number the server last executed; without it, take the next block.
    const executed = /executed seq (\d+)/.exec(message);
    this.numbers.skipPast(executed ? Number(executed[1]) : null);
  }

  private pump(): void {
    if (this.current !== null || this.waiting.length === 0) return;
    const next = this.numbersChecked ? (this.waiting.shift() as Request) : this.probe();
    this.current = next;
    next.seq = this.numbers.next();
    // A request sent again under a new number keeps its first send: the lease counts from there.
    next.sentAt ??= this.leaseClock.now();
    this.transmit(next);
  }

  /** A probe of the numbers; it holds the line until answered (or until nothing waits any more). */
  private probe(): Request {
    // Long enough to ask every server twice; then the line looks again at what still waits.
    const patience = this.timing.requestTimeoutNs * this.servers.length * 2;
    const probe = new Request({ command: PROBE, deadline: this.env.monotonicNs() + patience, onOutcome: () => {} }, (r) => this.cancel(r));
    probe.deadlineTimer = this.timers.set(patience, 'probe', () => this.expire(probe));
    return probe;
  }

  private transmit(request: Request): void {
    this.timers.cancel(request.attemptTimer);
    const message: ClientRequest = { type: 'lock-req', clientId: this.env.id, seq: request.seq as number, command: request.spec.command };
    this.env.send(this.target, message);
    request.attemptTimer = this.timers.set(this.timing.requestTimeoutNs, 'attempt', () => {
      request.attemptTimer = null;
      // No answer from this server: it may be down or cut off; try the next one.
      this.rotate();
      this.transmit(request);
    });
  }

  private resendLater(request: Request): void {
    this.timers.cancel(request.attemptTimer);
    request.attemptTimer = this.timers.set(this.timing.retryBackoffNs, 'backoff', () => {
      request.attemptTimer = null;
      this.transmit(request);
    });
  }

  private rotate(): void {
    const at = this.servers.indexOf(this.target);
    this.rotation = at >= 0 ? (at + 1) % this.servers.length : (this.rotation + 1) % this.servers.length;
    this.target = this.servers[this.rotation] as NodeId;
  }

  private finishCurrent(request: Request): void {
    this.timers.cancel(request.attemptTimer);
    this.timers.cancel(request.deadlineTimer);
    request.attemptTimer = null;
    request.deadlineTimer = null;
    request.finished = true;
    if (this.current === request) this.current = null;
  }

  private expire(request: Request): void {
    request.deadlineTimer = null;
    if (request.finished) return;
    if (this.current === request) {
      this.finishCurrent(request);
      request.spec.onOutcome({ kind: 'gave-up', sent: true });
      this.pump();
      return;
    }
    const at = this.waiting.indexOf(request);
    if (at < 0) return;
    this.waiting.splice(at, 1);
    request.finished = true;
    request.spec.onOutcome({ kind: 'gave-up', sent: false });
  }

  private cancel(request: Request): void {
    if (request.seq !== null) this.queued.delete(request.seq);
    if (request.finished && this.current !== request) return;
    this.timers.cancel(request.deadlineTimer);
    request.deadlineTimer = null;
    if (this.current === request) {
      this.finishCurrent(request);
      this.pump();
      return;
    }
    const at = this.waiting.indexOf(request);
    if (at >= 0) this.waiting.splice(at, 1);
    request.finished = true;
  }
}
