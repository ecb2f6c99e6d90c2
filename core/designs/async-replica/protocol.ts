/**
 * The wire protocol of the asynchronous primary/replica store (Redis with Sentinel, as the Redis
 * comparison of seed 001 describes it). Four conversations share it:
 * - clients ↔ stores: commands go to the primary; a replica answers `not-primary`;
 * - primary → replicas: a handshake (continue from an offset, or a full copy), then a stream of
 *   effects, each replica acknowledging the offset it has applied;
 * - sentinels ↔ stores: pings answered with the store's role and replication offset, and orders
 *   to follow a primary (or to become one) stamped with a configuration epoch;
 * - sentinels ↔ sentinels and clients → sentinels: failure agreement, leader votes, the current
 *   configuration.
 */
import type { DurationNs, NodeId } from '../../env.js';

/** Values of the store's keys. */
export type KvValue = string | number | boolean;

/** A position in a replication history: the number of effects applied since it began. */
export type ReplOffset = number;

/** Names one replication history. A promoted replica starts a new one that continues the old. */
export type ReplId = string;

/** A Sentinel configuration epoch: every failover bumps it, and stores obey only newer orders. */
export type Epoch = number;

// ---- clients ↔ stores ----------------------------------------------------------------------

/**
 * What a client can ask. `lock` is `SET key owner NX PX ttl` plus an `INCR` of the key's fencing
 * counter, run atomically as a script would; asking again with the owner that already holds the
 * key answers with the grant it has (so a retry after a lost reply is harmless). `unlock` compares
 * the owner and deletes, like the release script of the Redis documentation.
 */
export type StoreCommand =
  | { op: 'lock'; key: string; owner: string; ttlNs: DurationNs }
  | { op: 'unlock'; key: string; owner: string }
  | { op: 'get'; key: string }
  | { op: 'put'; key: string; value: KvValue }
  | { op: 'cas'; key: string; expected: KvValue | null; value: KvValue };

export type UnlockStatus = 'ok' | 'not-held' | 'held-by-other';

export type CommandReply =
  /** `pttlNs`: what remained of the key's time to live when the primary answered. */
  | { op: 'lock'; acquired: true; token: number; pttlNs: DurationNs }
  | { op: 'lock'; acquired: false; holder: string }
  | { op: 'unlock'; status: UnlockStatus }
  | { op: 'get'; value: KvValue | null }
  | { op: 'put' }
  | { op: 'cas'; swapped: boolean; value: KvValue | null };

export interface StoreRequest {
  type: 'store-req';
  reqId: number;
  command: StoreCommand;
}

export type StoreReply =
  | { type: 'store-rep'; reqId: number; status: 'ok'; reply: CommandReply }
  /** A replica refuses every command (READONLY); `primary` is whom it follows, as a hint. */
  | { type: 'store-rep'; reqId: number; status: 'not-primary'; primary: NodeId | null; epoch: Epoch };

// ---- replication ---------------------------------------------------------------------------

/** One write as it travels to replicas. A time to live is relative: each store counts it on its own clock. */
export type Effect =
  | { op: 'set'; key: string; value: KvValue; ttlNs: DurationNs | null; token?: number }
  | { op: 'del'; key: string };

/** A key as a full copy carries it: its value and what remains of its time to live. */
export interface KeyCopy {
  key: string;
  value: KvValue;
  ttlNs: DurationNs | null;
  token?: number;
}

/** Replica → primary: "I follow you; I hold history `replId` up to `offset`" (PSYNC). */
export interface ReplHello {
  type: 'repl-hello';
  replId: ReplId;
  offset: ReplOffset;
}

/** Primary → replica: your history is a prefix of mine; go on from your offset under my id. */
export interface ReplContinue {
  type: 'repl-continue';
  replId: ReplId;
  offset: ReplOffset;
}

/** Primary → replica: drop what you have and take this copy of my keyspace. */
export interface ReplFull {
  type: 'repl-full';
  replId: ReplId;
  offset: ReplOffset;
  keys: KeyCopy[];
}

/** Primary → replica: the effects after offset `after` (none: a heartbeat saying where I am). */
export interface ReplStream {
  type: 'repl-stream';
  replId: ReplId;
  after: ReplOffset;
  effects: Effect[];
}

/** Replica → primary: applied up to `offset`; `gap` when a stream skipped what it has not seen. */
export interface ReplAck {
  type: 'repl-ack';
  replId: ReplId;
  offset: ReplOffset;
  gap: boolean;
}

// ---- sentinels ↔ stores --------------------------------------------------------------------

export interface SentinelPing {
  type: 'sentinel-ping';
}

export type StoreRole = 'primary' | 'replica';

/** What a store tells a sentinel about itself (Redis's INFO replication). */
export interface SentinelPong {
  type: 'sentinel-pong';
  role: StoreRole;
  /** The primary a replica follows (null for a primary). */
  following: NodeId | null;
  /** A replica: whether it is in sync with that primary now. */
  linked: boolean;
  replId: ReplId;
  offset: ReplOffset;
  epoch: Epoch;
}

/** Sentinel → store: follow `primary`, or become the primary when it is null (REPLICAOF NO ONE). */
export interface ReplicaOf {
  type: 'replicaof';
  primary: NodeId | null;
  epoch: Epoch;
}

// ---- sentinels ↔ sentinels -----------------------------------------------------------------

/**
 * Is `primary` down in your view? With a `candidate`, also a request for your vote as the leader
 * of the failover of epoch `epoch` (SENTINEL is-master-down-by-addr).
 */
export interface IsPrimaryDown {
  type: 'is-primary-down';
  reqId: number;
  primary: NodeId;
  epoch: Epoch;
  candidate: NodeId | null;
}

export interface IsPrimaryDownReply {
  type: 'is-primary-down-rep';
  reqId: number;
  primary: NodeId;
  down: boolean;
  /** Whom the answering sentinel voted for in `leaderEpoch` (null: nobody yet). */
  leader: NodeId | null;
  leaderEpoch: Epoch;
}

/** The configuration a sentinel believes in: who is primary since which epoch. */
export interface PrimaryConfig {
  primary: NodeId;
  epoch: Epoch;
}

/** Sentinel → sentinels, periodically: my configuration (newer epochs win). */
export interface SentinelHello {
  type: 'sentinel-hello';
  config: PrimaryConfig;
  currentEpoch: Epoch;
}

// ---- clients → sentinels -------------------------------------------------------------------

export interface GetPrimary {
  type: 'get-primary';
  reqId: number;
}

export interface PrimaryIs {
  type: 'primary-is';
  reqId: number;
  primary: NodeId;
  epoch: Epoch;
}

// ---- guards --------------------------------------------------------------------------------

function typeOf(m: unknown): unknown {
  return typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
}

export const isStoreRequest = (m: unknown): m is StoreRequest => typeOf(m) === 'store-req';
export const isStoreReply = (m: unknown): m is StoreReply => typeOf(m) === 'store-rep';
export const isReplHello = (m: unknown): m is ReplHello => typeOf(m) === 'repl-hello';
export const isReplContinue = (m: unknown): m is ReplContinue => typeOf(m) === 'repl-continue';
export const isReplFull = (m: unknown): m is ReplFull => typeOf(m) === 'repl-full';
export const isReplStream = (m: unknown): m is ReplStream => typeOf(m) === 'repl-stream';
export const isReplAck = (m: unknown): m is ReplAck => typeOf(m) === 'repl-ack';
export const isSentinelPing = (m: unknown): m is SentinelPing => typeOf(m) === 'sentinel-ping';
export const isSentinelPong = (m: unknown): m is SentinelPong => typeOf(m) === 'sentinel-pong';
export const isReplicaOf = (m: unknown): m is ReplicaOf => typeOf(m) === 'replicaof';
export const isIsPrimaryDown = (m: unknown): m is IsPrimaryDown => typeOf(m) === 'is-primary-down';
export const isIsPrimaryDownReply = (m: unknown): m is IsPrimaryDownReply => typeOf(m) === 'is-primary-down-rep';
export const isSentinelHello = (m: unknown): m is SentinelHello => typeOf(m) === 'sentinel-hello';
export const isGetPrimary = (m: unknown): m is GetPrimary => typeOf(m) === 'get-primary';
export const isPrimaryIs = (m: unknown): m is PrimaryIs => typeOf(m) === 'primary-is';
