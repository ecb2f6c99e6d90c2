/**
 * The replicated lock service as a Raft state machine: pure and deterministic. The same log
 * applied to the same configuration gives the same replies, facts and digest on every replica.
 */
import type { AppliedCommand, ReplicatedStateMachine, Term } from '../server/state-machine.js';
import { canonicalJson, fnv1a64 } from './canonical.js';
import type { Command, Token } from './commands.js';
import { lockServiceConfig, type LockServiceConfig } from './config.js';
import type { ApplyContext } from './context.js';
import { admit, remember } from './dedup.js';
import type { ApplyResult, RequestRef } from './facts.js';
import { acquire, release } from './file-locks.js';
import { kvCas, kvGet, kvPut } from './kv.js';
import { leasePolicy, type LeasePolicy, type LogNs } from './lease-policy.js';
import { close, deleteNode, getContents, list, open, setContents } from './namespace.js';
import { parseCommand } from './parse-command.js';
import { queueDiscipline, type QueueDiscipline } from './queues.js';
import { ReplicaTimers, type ReplicaClock } from './replica-timers.js';
import { isError, type ErrorReply, type Reply } from './replies.js';
import { checkSequencer, tokenIsCurrent } from './sequencers.js';
import { closeSession, keepAlive, openSession } from './sessions.js';
import { fromSnapshot, leaveOut, toSnapshot, type LockServiceSnapshot } from './snapshot.js';
import { emptyState, type LockServiceState } from './state.js';
import { summarize, type LockSummary } from './summary.js';
import { applyTick } from './tick.js';
import { tryLock, unlock } from './ttl-locks.js';

/**
 * Parsing is a pure function of the logged command, and the same command object reaches every
 * replica (and every replay of the log after a restart): parse each object once. The cache is a
 * small table by log index, each slot checked by the command's identity: replicas apply an index
 * close together in time, so nearly every apply hits, a miss only parses again, and the table
 * holds a bounded number of commands (a WeakMap lookup cost as much as half a parse).
 */
const PARSE_SLOTS = 4096;
const parsedRaw: unknown[] = new Array<unknown>(PARSE_SLOTS).fill(null);
const parsedCommand: Array<Command | ErrorReply | null> = new Array<Command | ErrorReply | null>(PARSE_SLOTS).fill(null);

function parseLogged(raw: unknown, index: number): Command | ErrorReply {
  if (typeof raw !== 'object' || raw === null) return parseCommand(raw);
  const slot = index & (PARSE_SLOTS - 1);
  if (parsedRaw[slot] === raw) return parsedCommand[slot] as Command | ErrorReply;
  const command = parseCommand(raw);
  parsedRaw[slot] = raw;
  parsedCommand[slot] = command;
  return command;
}

function execute(ctx: ApplyContext, command: Command, term: Term): Reply {
  switch (command.type) {
    case 'tick':
      return applyTick(ctx, command, term);
    case 'open-session':
      return openSession(ctx, command);
    case 'keep-alive':
      return keepAlive(ctx, command);
    case 'close-session':
      return closeSession(ctx, command);
    case 'open':
      return open(ctx, command);
    case 'close':
      return close(ctx, command);
    case 'delete':
      return deleteNode(ctx, command);
    case 'get-contents':
      return getContents(ctx, command);
    case 'set-contents':
      return setContents(ctx, command);
    case 'list':
      return list(ctx, command);
    case 'acquire':
      return acquire(ctx, command);
    case 'release':
      return release(ctx, command);
    case 'check-sequencer':
      return checkSequencer(ctx, command);
    case 'try-lock':
      return tryLock(ctx, command);
    case 'unlock':
      return unlock(ctx, command);
    case 'get':
      return kvGet(ctx, command);
    case 'put':
      return kvPut(ctx, command);
    case 'cas':
      return kvCas(ctx, command);
  }
}

/** What a replica gives its state machine besides the configuration. */
export interface ReplicaHooks {
  /**
   * The replica's own clock. Read only by the `replica-local-timers` policy (replica-local-timers), which
   * needs it; every other design ignores it.
   */
  replicaClock?: ReplicaClock;
}

export class LockStateMachine implements ReplicatedStateMachine {
  readonly config: LockServiceConfig;
  /** How time becomes lease decisions; the node host reads which clocks its ticks must carry. */
  readonly policy: LeasePolicy;
  private readonly queue: QueueDiscipline;
  /** The replica-local-timers hazard only: this replica's own lease timers. */
  private readonly timers: ReplicaTimers | null;
  private state: LockServiceState;

  constructor(config: Partial<LockServiceConfig> = {}, hooks: ReplicaHooks = {}) {
    this.config = lockServiceConfig(config);
    this.policy = leasePolicy(this.config.leasePolicy, this.config);
    this.queue = queueDiscipline(this.config.queue);
    if (this.policy.expiry === 'replica-timer') {
      if (hooks.replicaClock === undefined) throw new RangeError(`lease policy ${this.policy.name} needs the replica's clock`);
      this.timers = new ReplicaTimers(hooks.replicaClock, this.policy);
    } else {
      this.timers = null;
    }
    this.state = this.withCounter(emptyState());
  }

  /** A counter missing from the state (a fresh start, or a snapshot that left it out) starts at 0. */
  private withCounter(state: LockServiceState): LockServiceState {
    if (this.config.tokenSource === 'counter' && state.tokenCounter === undefined) state.tokenCounter = 0;
    return state;
  }

  private context(index: number, request: RequestRef): ApplyContext {
    return { state: this.state, config: this.config, policy: this.policy, queue: this.queue, index, request, facts: [], answers: [] };
  }

  /**
   * Applies one committed entry. A refused command (`reply.ok === false`) changes nothing but the
   * de-duplication table: its refusal is remembered like any reply, so that a delayed duplicate of
   * it cannot take effect once the state would allow it, after the client was told "no effect". A
   * retry of an executed (or refused) request returns the stored reply and executes nothing.
   */
  apply(entry: AppliedCommand): ApplyResult {
    const { state } = this;
    if (!Number.isSafeInteger(entry.index) || entry.index <= state.appliedIndex) {
      throw new RangeError(`log index ${entry.index} applied after ${state.appliedIndex}: entries must apply once, in order`);
    }
    state.appliedIndex = entry.index;
    const command = parseLogged(entry.command, entry.index);
    if (isError(command)) return { reply: command, facts: [], answers: [] };
    const { clientId, seq } = command;
    const request: RequestRef = clientId === undefined ? { index: entry.index } : { index: entry.index, clientId, seq };
    // The lost-reply-retry hazard: with dedup off, a retry is executed as if it were new.
    const exactlyOnce = this.config.dedup && clientId !== undefined && seq !== undefined;
    if (exactlyOnce) {
      const admission = admit(state, clientId, seq);
      if (admission.kind !== 'new') return { reply: admission.reply, facts: [], answers: [] };
    }
    const ctx = this.context(entry.index, request);
    const reply = execute(ctx, command, entry.term);
    if (exactlyOnce) remember(state, clientId, seq, reply);
    this.timers?.observe(state, command, reply);
    return { reply, facts: ctx.facts, answers: ctx.answers };
  }

  /** Whether this replica ends leases with its own timers (replica-local-timers) and must call `fireReplicaTimers`. */
  get hasReplicaTimers(): boolean {
    return this.timers !== null;
  }

  /**
   * The replica-local-timers hazard: fires this replica's due lease timers, ending their sessions and TTL grants here and
   * nowhere else. No log entry is involved, so a grant it hands to a waiter takes its token from
   * the last applied entry. A no-op for every other design.
   */
  fireReplicaTimers(): Omit<ApplyResult, 'reply'> {
    if (this.timers === null) return { facts: [], answers: [] };
    const ctx = this.context(this.state.appliedIndex, { index: this.state.appliedIndex });
    this.timers.fire(ctx);
    return { facts: ctx.facts, answers: ctx.answers };
  }

  /**
   * Answers a read-only command from the current state without logging it: what a leader serves
   * after a ReadIndex round (or, in the unsafe fast-read design, at once). Only reads are
   * accepted; the state is not touched, not even the de-duplication table.
   */
  query(raw: unknown): Reply {
    const command = parseCommand(raw);
    if (isError(command)) return command;
    if (command.type !== 'get' && command.type !== 'get-contents' && command.type !== 'list' && command.type !== 'check-sequencer') {
      return { ok: false, error: { code: 'bad-argument', message: `${command.type} is not a read and cannot be served without the log` } };
    }
    return execute(this.context(this.state.appliedIndex, { index: this.state.appliedIndex }), command, 0);
  }

  /** The snapshot to persist: the whole state, unless the design leaves parts out (snapshot-token-reset). */
  snapshot(): LockServiceSnapshot {
    return leaveOut(toSnapshot(this.state), this.config.snapshotOmits);
  }

  restore(snapshot: unknown): void {
    this.state = this.withCounter(fromSnapshot(snapshot));
    this.timers?.rearm(this.state);
  }

  /**
   * The state as canonical text: the whole state (whatever a snapshot would leave out) without the
   * applied index (which only says how far the log was read, and moves even for refused commands).
   */
  canonicalText(): string {
    const { appliedIndex: _appliedIndex, ...content } = toSnapshot(this.state);
    return canonicalJson(content);
  }

  digest(): string {
    return fnv1a64(this.canonicalText());
  }

  summary(): LockSummary {
    return summarize(this.state);
  }

  /** Whether `token` is still a current grant of `lock` (a namespace path or a TTL resource id). */
  checkSequencer(lock: string, token: Token): boolean {
    return tokenIsCurrent(this.state, lock, token);
  }

  /** Log time: the sum of all ticks applied. */
  get clockNs(): LogNs {
    return this.state.clockNs;
  }

  get appliedIndex(): number {
    return this.state.appliedIndex;
  }
}
