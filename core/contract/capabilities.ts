/**
 * What a client of a system under test can do, as small capability interfaces. A design offers the
 * capabilities it has (a Raft lock service offers all of them; a bare try-lock sidecar only
 * `ttl-lock` and `fenced-resource`), a workload asks only for the ones it uses, and a hazard record
 * names the ones it needs, so a user's system is tested against exactly the hazards it can show.
 */
import type {
  AcquireResult,
  Callback,
  CasResult,
  Fence,
  GetResult,
  Holding,
  KvValue,
  LockMode,
  PutResult,
  ReadResult,
  ReleaseResult,
  Token,
  TryLockResult,
  UnlockResult,
  WriteResult,
} from './calls.js';
import type { ClientNotice } from './events.js';

/** A blocking lock with fencing tokens: wait in the queue until granted, release by token. */
export interface Mutex {
  /** Waits in the lock's queue until granted (or the library gives up). */
  acquire(lock: string, mode: LockMode, cb: Callback<AcquireResult>): void;
  /** Releases the grant `token` of `lock`. */
  release(lock: string, token: Token, cb: Callback<ReleaseResult>): void;
  /** What the library believes now about `lock` (never more than it can be sure of). */
  holds(lock: string): Holding;
}

/** A non-blocking lock that expires `expireMs` after it is taken (seed 000's sidecar API). */
export interface TryLockWithTtl {
  /** Takes `resourceId` for `owner` unless someone else holds it; it expires after `expireMs`. */
  tryLock(resourceId: string, owner: string, expireMs: number, cb: Callback<TryLockResult>): void;
  /** Frees `resourceId` if `owner` holds it. */
  unlock(resourceId: string, owner: string, cb: Callback<UnlockResult>): void;
}

/** A linearizable key-value store with compare-and-set. */
export interface KvCas {
  /** Reads a key (null: absent). */
  get(key: string, cb: Callback<GetResult>): void;
  /** Writes a key unconditionally. */
  put(key: string, value: KvValue, cb: Callback<PutResult>): void;
  /** Writes `value` when the current value equals `expected` (null: the key is absent). */
  cas(key: string, expected: KvValue | null, value: KvValue, cb: Callback<CasResult>): void;
}

/**
 * Leader election as Curator's LeaderLatch offers it: campaign until elected, resign by the term's
 * token; `leads` says whether the library is sure it still leads. Any `Mutex` gives one through
 * `electionOverMutex`, since leading is holding a lock.
 */
export interface LeaderElection {
  /** Waits until this client leads `election`; the token numbers the term. */
  campaign(election: string, cb: Callback<AcquireResult>): void;
  /** Gives up the term `token` of `election`. */
  resign(election: string, token: Token, cb: Callback<ReleaseResult>): void;
  /** Whether the library is sure it still leads `election`, and which term it knows of. */
  leads(election: string): Holding;
}

/** The resource the locks protect, which may check the fencing token each call carries. */
export interface FencedResource {
  /**
   * Reads the protected resource. A read inside a critical section carries the grant (`fence`):
   * a fenced resource refuses it if a later grant was seen, and otherwise remembers the token, so
   * a zombie's write cannot land between this holder's read and its write.
   */
  read(key: string, cb: Callback<ReadResult>, fence?: Fence): void;
  /** Writes the protected resource, carrying the fencing token of `lock` (null: none). */
  write(key: string, value: unknown, token: Token | null, lock: string, cb: Callback<WriteResult>): void;
}

/** Session and belief notices from the library; every client offers them (possibly none). */
export interface Notices {
  /** Subscribes to session and belief notices; returns the function that unsubscribes. */
  onEvent(listener: (event: ClientNotice) => void): () => void;
}

/** The names a design, a workload and a hazard record use for the capabilities above. */
export type Capability = 'mutex' | 'try-lock-ttl' | 'kv-cas' | 'leader-election' | 'fenced-resource';

/** Every capability name, in a fixed order (for tables and validation). */
export const CAPABILITIES: readonly Capability[] = ['mutex', 'try-lock-ttl', 'kv-cas', 'leader-election', 'fenced-resource'];

/** The interface each capability name stands for. */
export interface CapabilityMap {
  mutex: Mutex;
  'try-lock-ttl': TryLockWithTtl;
  'kv-cas': KvCas;
  'leader-election': LeaderElection;
  'fenced-resource': FencedResource;
}

/** The intersection of the members of a union (`A | B` becomes `A & B`). */
type AllOf<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** A client handle that offers every capability of `C` (and notices, which every client has). */
export type ClientOf<C extends Capability> = Notices & AllOf<CapabilityMap[C]>;

/**
 * The whole lock library: every capability but leader election (which any mutex gives). This is
 * the wide interface the built-in designs implement; workloads should ask for less.
 */
export type LockApi = Mutex & TryLockWithTtl & KvCas & FencedResource & Notices;

/** The methods of each capability, so that a wrapper can forward exactly those. */
export const CAPABILITY_METHODS: { readonly [K in Capability]: readonly (keyof CapabilityMap[K])[] } = {
  mutex: ['acquire', 'release', 'holds'],
  'try-lock-ttl': ['tryLock', 'unlock'],
  'kv-cas': ['get', 'put', 'cas'],
  'leader-election': ['campaign', 'resign', 'leads'],
  'fenced-resource': ['read', 'write'],
};

/** Leader election over a mutex: campaigning is an exclusive acquire of the election's lock. */
export function electionOverMutex(mutex: Mutex): LeaderElection {
  return {
    campaign: (election, cb) => mutex.acquire(election, 'exclusive', cb),
    resign: (election, token, cb) => mutex.release(election, token, cb),
    leads: (election) => mutex.holds(election),
  };
}
