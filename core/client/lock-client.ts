/**
 * The lock client library: a sans-IO component that lives inside a simulated client process. The
 * process forwards its messages and timers (`handleMessage`, `handleTimer`: true when they were
 * the library's) and the application calls the `LockApi` methods. Nothing here blocks or awaits:
 * every call answers through its callback, later in simulated time.
 */
import type { Env, NodeId, TimerId } from '../env.js';
import { isClientReply } from '../server/protocol.js';
import type {
  AcquireResult,
  Callback,
  CasResult,
  CheckSequencerResult,
  CreateFileResult,
  DeleteFileResult,
  GetResult,
  Holding,
  KvValue,
  LockClientEvent,
  LockMode,
  PutResult,
  ReadFileResult,
  ReadResult,
  ReleaseResult,
  SessionState,
  Token,
  TryLockResult,
  UnlockResult,
  WriteResult,
} from './api.js';
import { Beliefs, type OverdueBelief } from './beliefs.js';
import type { ClientDesign } from './design.js';
import { ClientEvents } from './events.js';
import { FileLockCalls, lockPath } from './file-lock-calls.js';
import { KvCalls } from './kv-calls.js';
import { LeaseClock } from './lease-clock.js';
import { NamespaceCalls, type NewFile } from './namespace-calls.js';
import { resolveClientOptions, type LockClientOptions, type ResolvedClientOptions } from './options.js';
import { RequestChannel } from './request-channel.js';
import { RequestNumbers } from './request-numbers.js';
import { ResourceCalls } from './resource-calls.js';
import { SessionKeeper } from './session.js';
import { Timers } from './timers.js';
import { TtlLockCalls } from './ttl-lock-calls.js';

export class LockClient {
  readonly options: ResolvedClientOptions;
  readonly events: ClientEvents;
  private readonly timers: Timers;
  private readonly clock: LeaseClock;
  private parts: {
    channel: RequestChannel;
    sessions: SessionKeeper;
    files: FileLockCalls;
    ttl: TtlLockCalls;
    kv: KvCalls;
    resource: ResourceCalls;
    namespace: NamespaceCalls;
  } | null = null;
  private readonly beliefs: Beliefs;
  private sessionState: SessionState | null = null;

  constructor(
    private readonly env: Env,
    options: LockClientOptions,
  ) {
    this.options = resolveClientOptions(options);
    this.events = options.events ?? new ClientEvents();
    this.timers = new Timers(env);
    this.clock = new LeaseClock(env, this.timers, this.options.design, this.options.epsilon, this.options.marginNs);
    this.beliefs = new Beliefs(this.clock, this.events);
  }

  /** Beliefs whose believed end passed while nothing ran to end them (a frozen process). */
  overdueBeliefs(): OverdueBelief[] {
    return this.beliefs.overdue();
  }

  /** The design this library follows. */
  get design(): ClientDesign {
    return this.options.design;
  }

  /** The latest session state announced, or null before the first session. */
  get session(): SessionState | null {
    return this.sessionState;
  }

  /** The id of the current session, or null. */
  get sessionId(): string | null {
    return this.parts?.sessions.current?.id ?? null;
  }

  /** The server the next request goes to (the library's guess of the leader). */
  get server(): NodeId {
    return this.parts?.channel.server ?? (this.options.servers[0] as NodeId);
  }

  /** Called from the hosting process's `start`: takes its request numbers from the disk. */
  start(): void {
    if (this.parts !== null) return;
    const numbers = new RequestNumbers(this.env);
    const channel = new RequestChannel(this.env, this.timers, this.clock, numbers, this.options.servers, this.options);
    const sessions = new SessionKeeper(this.env, this.timers, this.clock, channel, this.options, {
      emit: (state) => this.announce(state),
      suspended: (session) => files.suspended(session),
      lost: (session, reason) => files.lost(session, reason),
    });
    const files = new FileLockCalls(this.env, this.timers, this.clock, channel, sessions, this.beliefs, this.options);
    channel.onStray = (seq, reply) => files.stray(seq, reply);
    this.parts = {
      channel,
      sessions,
      files,
      ttl: new TtlLockCalls(this.env, this.clock, channel, this.beliefs, this.options),
      kv: new KvCalls(this.env, channel, this.options),
      resource: new ResourceCalls(this.env, this.timers, numbers, this.options),
      namespace: new NamespaceCalls(this.env, channel, sessions, this.options),
    };
    if (this.options.openSessionAtStart) sessions.ensure(() => {});
  }

  /** A message for the hosting process; true when it was for the library. */
  handleMessage(from: NodeId, message: unknown): boolean {
    const parts = this.parts;
    if (parts === null) return false;
    if (isClientReply(message)) {
      parts.channel.handleReply(message);
      return true;
    }
    return parts.resource.handle(from, message);
  }

  /** A timer of the hosting process; true when it was the library's. */
  handleTimer(id: TimerId, _tag: string): boolean {
    return this.timers.fire(id);
  }

  // ---- LockApi ---------------------------------------------------------------------------------

  acquire(lock: string, mode: LockMode, cb: Callback<AcquireResult>): void {
    this.started().files.acquire(lock, mode, cb);
  }

  release(lock: string, token: Token, cb: Callback<ReleaseResult>): void {
    this.started().files.release(lock, token, cb);
  }

  tryLock(resourceId: string, owner: string, expireMs: number, cb: Callback<TryLockResult>): void {
    this.started().ttl.tryLock(resourceId, owner, expireMs, cb);
  }

  unlock(resourceId: string, owner: string, cb: Callback<UnlockResult>): void {
    this.started().ttl.unlock(resourceId, owner, cb);
  }

  get(key: string, cb: Callback<GetResult>): void {
    this.started().kv.get(key, cb);
  }

  put(key: string, value: KvValue, cb: Callback<PutResult>): void {
    this.started().kv.put(key, value, cb);
  }

  cas(key: string, expected: KvValue | null, value: KvValue, cb: Callback<CasResult>): void {
    this.started().kv.cas(key, expected, value, cb);
  }

  /**
   * Asks the lock service whether `token` is still a current grant of `lock`, named as the service
   * knows it: a namespace path (see `pathOf`) or a TTL lock's resource id.
   */
  checkSequencer(lock: string, token: Token, cb: Callback<CheckSequencerResult>): void {
    this.started().kv.checkSequencer(lock, token, cb);
  }

  read(key: string, cb: Callback<ReadResult>, fence?: { token: Token; lock: string }): void {
    this.started().resource.read(key, cb, fence);
  }

  write(key: string, value: unknown, token: Token | null, lock: string, cb: Callback<WriteResult>): void {
    this.started().resource.write(key, value, token, lock, cb);
  }

  // ---- namespace files (for recipes that make locks out of files) ------------------------------

  /** Creates `path` exclusively under the session (`exists` if it is there) and keeps it open. */
  createFile(path: string, file: NewFile, cb: Callback<CreateFileResult>): void {
    this.started().namespace.createFile(path, file, cb);
  }

  /** Deletes a file this session created. */
  deleteFile(path: string, cb: Callback<DeleteFileResult>): void {
    this.started().namespace.deleteFile(path, cb);
  }

  /** Reads a file this session created. */
  readFile(path: string, cb: Callback<ReadFileResult>): void {
    this.started().namespace.readFile(path, cb);
  }

  holds(lock: string): Holding {
    return this.beliefs.holds(lock);
  }

  onEvent(listener: (event: LockClientEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** The namespace path a file-lock name stands for ("L" is "/ls/L"). */
  pathOf(lock: string): string {
    return lockPath(this.options.lockDir, lock);
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private started(): NonNullable<LockClient['parts']> {
    if (this.parts === null) throw new Error(`lock client ${this.env.id}: called before start()`);
    return this.parts;
  }

  private announce(state: SessionState): void {
    this.sessionState = state;
    this.events.emit({ type: 'session', state });
  }
}
