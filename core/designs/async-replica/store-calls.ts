/**
 * How a client reaches the primary: it asks the sentinels who the primary is (trying them in
 * turn, and ignoring one whose configuration is older than what it already knows), sends the
 * command there, and on a refusal (`not-primary`) or a silence asks the sentinels again.
 *
 * A call ends once: with the store's answer, or with a failure when its time is up. A command
 * that may be repeated (reads, and the owner-named lock and unlock) is sent again after an
 * attempt times out; one that may not (put, cas) fails at the first silence, indeterminately,
 * since the store may have executed it.
 */
import type { DurationNs, Env, LocalNs, NodeId, TimerId } from '../../env.js';
import type { CallFailure } from './lock-api.js';
import { isPrimaryIs, isStoreReply, type CommandReply, type Epoch, type GetPrimary, type PrimaryIs, type StoreCommand, type StoreReply, type StoreRequest } from './protocol.js';
import type { TimerTable } from './timers.js';

export type CallOutcome = { ok: true; reply: CommandReply; sentMono: LocalNs } | CallFailure;

export interface CallOptions {
  /** Whether an attempt that went unanswered may be sent again. */
  repeatable: boolean;
  /** Whether the command changes the store (a read that fails had no effect, certainly). */
  writes: boolean;
  timeoutNs: DurationNs;
  /** Called with an answer that arrives after the call failed (a grant to hand back). */
  lateAnswer?: (reply: CommandReply) => void;
}

interface Call {
  command: StoreCommand;
  options: CallOptions;
  done: (outcome: CallOutcome) => void;
  finished: boolean;
  deadline: TimerId;
  /** The attempt in flight. */
  attempt: { reqId: number; timer: TimerId } | null;
  /** Every attempt sent, for answers that come late. */
  reqIds: number[];
  /** An attempt went unanswered: the store may have executed the command. */
  unanswered: boolean;
}

export interface StoreCallsOptions {
  sentinels: readonly NodeId[];
  requestTimeoutNs: DurationNs;
  /** The pause before asking again after a store said it is not the primary. */
  refusedPauseNs: DurationNs;
}

export class StoreCalls {
  private primary: NodeId | null = null;
  private epoch: Epoch = -1;
  private nextReq = 1;
  private readonly attempts = new Map<number, { call: Call; sentMono: LocalNs }>();
  private discovery: { reqId: number; timer: TimerId; waiting: Call[] } | null = null;
  private sentinelCursor = 0;
  /** The primary last traced, so that the trace shows changes only. */
  private announced: NodeId | null = null;

  constructor(
    private readonly env: Env,
    private readonly timers: TimerTable,
    private readonly options: StoreCallsOptions,
  ) {}

  /** The primary this client currently believes in. */
  get currentPrimary(): NodeId | null {
    return this.primary;
  }

  call(command: StoreCommand, options: CallOptions, done: (outcome: CallOutcome) => void): void {
    const call: Call = {
      command,
      options,
      done,
      finished: false,
      deadline: 0,
      attempt: null,
      reqIds: [],
      unanswered: false,
    };
    call.deadline = this.timers.after(options.timeoutNs, 'async-call-deadline', () => this.giveUp(call));
    this.dispatch(call);
  }

  /** Takes a store's or a sentinel's message; false when it is not for this component. */
  handleMessage(from: NodeId, m: unknown): boolean {
    if (isStoreReply(m)) {
      this.onStoreReply(from, m);
      return true;
    }
    if (isPrimaryIs(m)) {
      this.onPrimaryIs(m);
      return true;
    }
    return false;
  }

  // ---- attempts ------------------------------------------------------------------------------

  private dispatch(call: Call): void {
    if (call.finished) return;
    if (this.primary === null) {
      this.discover(call);
      return;
    }
    const reqId = this.nextReq++;
    const timer = this.timers.after(this.options.requestTimeoutNs, 'async-request-timeout', () => this.unanswered(call, reqId));
    call.attempt = { reqId, timer };
    call.reqIds.push(reqId);
    this.attempts.set(reqId, { call, sentMono: this.env.monotonicNs() });
    this.env.send(this.primary, { type: 'store-req', reqId, command: call.command } satisfies StoreRequest);
  }

  private unanswered(call: Call, reqId: number): void {
    if (call.finished || call.attempt?.reqId !== reqId) return;
    call.attempt = null;
    call.unanswered = true;
    // The primary may be gone: ask the sentinels before the next attempt.
    this.forgetPrimary();
    if (!call.options.repeatable) {
      this.finish(call, { ok: false, error: 'timeout', indeterminate: call.options.writes });
      return;
    }
    this.dispatch(call);
  }

  private onStoreReply(from: NodeId, m: StoreReply): void {
    const a = this.attempts.get(m.reqId);
    if (a === undefined) return;
    const { call, sentMono } = a;
    if (call.finished) {
      this.attempts.delete(m.reqId);
      if (m.status === 'ok') call.options.lateAnswer?.(m.reply);
      return;
    }
    if (m.status === 'not-primary') {
      // Only the attempt in flight decides what to do next; an older one's refusal changes nothing.
      if (call.attempt?.reqId !== m.reqId) return;
      this.timers.cancel(call.attempt.timer);
      call.attempt = null;
      if (this.primary === from) this.forgetPrimary();
      this.timers.after(this.options.refusedPauseNs, 'async-refused', () => this.dispatch(call));
      return;
    }
    this.finish(call, { ok: true, reply: m.reply, sentMono });
  }

  private giveUp(call: Call): void {
    if (call.finished) return;
    const mayHaveRun = call.unanswered || call.attempt !== null;
    this.finish(call, { ok: false, error: 'timeout', indeterminate: call.options.writes && mayHaveRun });
  }

  private finish(call: Call, outcome: CallOutcome): void {
    call.finished = true;
    this.timers.cancel(call.deadline);
    if (call.attempt) this.timers.cancel(call.attempt.timer);
    call.attempt = null;
    // Answers that may still come are kept only when someone wants them.
    if (outcome.ok || call.options.lateAnswer === undefined) for (const id of call.reqIds) this.attempts.delete(id);
    call.done(outcome);
  }

  // ---- finding the primary -------------------------------------------------------------------

  private forgetPrimary(): void {
    this.primary = null;
  }

  private discover(call: Call): void {
    if (this.discovery) {
      this.discovery.waiting.push(call);
      return;
    }
    this.discovery = { reqId: 0, timer: 0, waiting: [call] };
    this.askSentinel();
  }

  private askSentinel(): void {
    const d = this.discovery;
    if (d === null) return;
    d.waiting = d.waiting.filter((c) => !c.finished);
    if (d.waiting.length === 0) {
      this.discovery = null;
      return;
    }
    const sentinels = this.options.sentinels;
    const sentinel = sentinels[this.sentinelCursor % sentinels.length] as NodeId;
    const reqId = this.nextReq++;
    d.reqId = reqId;
    d.timer = this.timers.after(this.options.requestTimeoutNs, 'async-sentinel-timeout', () => {
      if (this.discovery?.reqId !== reqId) return;
      this.sentinelCursor++;
      this.askSentinel();
    });
    this.env.send(sentinel, { type: 'get-primary', reqId } satisfies GetPrimary);
  }

  private onPrimaryIs(m: PrimaryIs): void {
    const d = this.discovery;
    if (d === null || m.reqId !== d.reqId) return;
    this.timers.cancel(d.timer);
    if (m.epoch < this.epoch) {
      // This sentinel has not heard of the latest failover: ask the next one.
      this.sentinelCursor++;
      this.askSentinel();
      return;
    }
    if (m.primary !== this.announced) this.env.trace('async-client-primary', { primary: m.primary, epoch: m.epoch });
    this.announced = m.primary;
    this.primary = m.primary;
    this.epoch = m.epoch;
    this.discovery = null;
    for (const c of d.waiting) this.dispatch(c);
  }
}
