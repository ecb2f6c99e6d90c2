/**
 * How a user describes a system under test: its servers and its client library, written either as
 * ordinary async code on a `Ctx` (core/async/context.ts) or as sans-IO processes on `Env` in the
 * callback style of core/, and the capabilities its clients offer. `defineSystem` checks the
 * description and marks it, so that a module's exports can be told apart from other values.
 */
import type { AsyncMain, Ctx, ReportedFact } from '../../core/async/context.js';
import type {
  AcquireResult,
  CasResult,
  ClientNotice,
  GetResult,
  Holding,
  KvValue,
  LockMode,
  PutResult,
  ReleaseResult,
  Token,
  TryLockResult,
  UnlockResult,
} from '../../core/contract/index.js';
import { CAPABILITIES, type Capability } from '../../core/contract/index.js';
import type { Env, FsyncPolicy, NodeId, Process } from '../../core/env.js';

/**
 * What a system's clients can do. `fenced-resource` says that the tokens the locks hand out are
 * fencing tokens (they only grow), so the protected resource may refuse stale ones.
 */
export type { Capability };

/** A blocking lock with tokens, in async style. */
export interface AsyncMutex {
  acquire(lock: string, mode: LockMode): Promise<AcquireResult>;
  release(lock: string, token: Token): Promise<ReleaseResult>;
  /** What the library believes now (never more than it can be sure of). */
  holds(lock: string): Holding;
}

/** A lock that expires `expireMs` after it is taken, in async style. */
export interface AsyncTryLockWithTtl {
  /** `{ok: true, acquired: true, token}` when taken; `acquired: false` when someone else holds it. */
  tryLock(resourceId: string, owner: string, expireMs: number): Promise<TryLockResult>;
  unlock(resourceId: string, owner: string): Promise<UnlockResult>;
}

/** A key-value store with compare-and-set, in async style. */
export interface AsyncKvCas {
  get(key: string): Promise<GetResult>;
  put(key: string, value: KvValue): Promise<PutResult>;
  cas(key: string, expected: KvValue | null, value: KvValue): Promise<CasResult>;
}

/** Leader election, in async style. */
export interface AsyncLeaderElection {
  campaign(election: string): Promise<AcquireResult>;
  resign(election: string, token: Token): Promise<ReleaseResult>;
  leads(election: string): Holding;
}

/** A client library in async style: the methods of the capabilities it offers. */
export type AsyncClientLibrary = Partial<AsyncMutex & AsyncTryLockWithTtl & AsyncKvCas & AsyncLeaderElection>;

/** The callback-style library: the same methods with a callback last (as core/client's). */
export type CallbackClientLibrary = Partial<{
  acquire(lock: string, mode: LockMode, cb: (r: AcquireResult) => void): void;
  release(lock: string, token: Token, cb: (r: ReleaseResult) => void): void;
  holds(lock: string): Holding;
  tryLock(resourceId: string, owner: string, expireMs: number, cb: (r: TryLockResult) => void): void;
  unlock(resourceId: string, owner: string, cb: (r: UnlockResult) => void): void;
  get(key: string, cb: (r: GetResult) => void): void;
  put(key: string, value: KvValue, cb: (r: PutResult) => void): void;
  cas(key: string, expected: KvValue | null, value: KvValue, cb: (r: CasResult) => void): void;
  campaign(election: string, cb: (r: AcquireResult) => void): void;
  resign(election: string, token: Token, cb: (r: ReleaseResult) => void): void;
  leads(election: string): Holding;
}>;

/** What a callback-style process gets besides its `Env`. */
export interface ProcessKit {
  /** The system's server ids, in order. */
  readonly servers: readonly NodeId[];
  /** Reports a fact to the checkers (a grant, a role change). */
  report(fact: ReportedFact): void;
  /** A client library tells its application it started or stopped believing it holds a lock. */
  notify(notice: ClientNotice): void;
}

/** A callback-style client: its process and the library the application calls. */
export interface CallbackClient {
  process: Process;
  library: CallbackClientLibrary;
}

/** A system under test, as its module exports it. */
export interface SystemDefinition {
  /** A name for the scorecard ("redlock", "redlock-fenced"). */
  name: string;
  /** One line: what the system is. */
  description?: string;
  /** What its clients offer; the hazards that need more do not run on it. */
  capabilities: readonly Capability[];
  /** How many servers (ids n1, n2, ...); default 3. */
  servers?: number;
  /** The servers' disk policy: `always` syncs every write, `everysec` and `no` lose writes on power loss. */
  fsync?: FsyncPolicy;
  /** The expiry the harness asks for when it takes a try-lock (default 2000 ms). */
  leaseMs?: number;
  /** How long after the faults stop the system must serve again (default 10000 ms). */
  recoveryMs?: number;
  /** A server in async style: set up `ctx.serve`, then loop if it has background work. */
  server?: AsyncMain;
  /** A server in callback style. */
  serverProcess?: (env: Env, kit: ProcessKit) => Process;
  /** A client library in async style; the client process runs `main` if the library has one. */
  client?: (ctx: Ctx) => AsyncClientLibrary;
  /** A client in callback style. */
  clientProcess?: (env: Env, kit: ProcessKit) => CallbackClient;
}

/** A checked system definition. */
export type System = Readonly<SystemDefinition> & { readonly kind: 'lockstep-system' };

/** A system description that breaks the contract (named in one line). */
export class SystemContractError extends Error {
  override readonly name = 'SystemContractError';
}

/** The methods each capability asks of an async library (callback libraries: the same names). */
export const CAPABILITY_METHODS: Readonly<Record<Exclude<Capability, 'fenced-resource'>, readonly string[]>> = {
  mutex: ['acquire', 'release', 'holds'],
  'try-lock-ttl': ['tryLock', 'unlock'],
  'kv-cas': ['get', 'put', 'cas'],
  'leader-election': ['campaign', 'resign', 'leads'],
};

/** Checks a system description and marks it; everything wrong is a `SystemContractError`. */
export function defineSystem(definition: SystemDefinition): System {
  const d = definition as Partial<SystemDefinition> | null;
  if (!d || typeof d !== 'object') throw new SystemContractError('defineSystem needs an object');
  const where = typeof d.name === 'string' && d.name.length > 0 ? `system "${d.name}"` : 'a system';
  if (typeof d.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(d.name)) throw new SystemContractError(`${where}: name must be letters, digits, ".", "_" or "-"`);
  if (!Array.isArray(d.capabilities) || d.capabilities.length === 0) throw new SystemContractError(`${where}: capabilities must list at least one of ${CAPABILITIES.join(', ')}`);
  for (const c of d.capabilities) if (!CAPABILITIES.includes(c)) throw new SystemContractError(`${where}: unknown capability "${String(c)}" (capabilities: ${CAPABILITIES.join(', ')})`);
  if (d.capabilities.length === 1 && d.capabilities[0] === 'fenced-resource') throw new SystemContractError(`${where}: fenced-resource says the tokens fence; it needs a lock capability beside it`);
  if ((d.server === undefined) === (d.serverProcess === undefined)) throw new SystemContractError(`${where}: give exactly one of server (async) and serverProcess (callback)`);
  if ((d.client === undefined) === (d.clientProcess === undefined)) throw new SystemContractError(`${where}: give exactly one of client (async) and clientProcess (callback)`);
  for (const key of ['server', 'serverProcess', 'client', 'clientProcess'] as const) {
    if (d[key] !== undefined && typeof d[key] !== 'function') throw new SystemContractError(`${where}: ${key} must be a function`);
  }
  if (d.servers !== undefined && !(Number.isInteger(d.servers) && d.servers >= 1 && d.servers <= 9)) throw new SystemContractError(`${where}: servers must be a whole number from 1 to 9`);
  if (d.fsync !== undefined && !['always', 'everysec', 'no'].includes(d.fsync)) throw new SystemContractError(`${where}: fsync must be always, everysec or no`);
  for (const key of ['leaseMs', 'recoveryMs'] as const) {
    const v = d[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new SystemContractError(`${where}: ${key} must be a positive number of milliseconds`);
  }
  return Object.freeze({ ...(d as SystemDefinition), capabilities: Object.freeze([...d.capabilities]), kind: 'lockstep-system' as const });
}

/** Whether a module's export is a system made by `defineSystem`. */
export function isSystem(value: unknown): value is System {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'lockstep-system';
}

/** The server ids of a system. */
export function serverIds(system: SystemDefinition): string[] {
  return Array.from({ length: system.servers ?? 3 }, (_, i) => `n${i + 1}`);
}
