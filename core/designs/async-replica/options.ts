/**
 * How the parts of the asynchronous primary/replica design are configured, with the defaults a
 * scenario gets when it names none. Times are on the local monotonic clock of the process that
 * uses them.
 */
import type { DurationNs, NodeId } from '../../env.js';

const MS = 1_000_000;
const S = 1_000 * MS;

export interface StoreServerOptions {
  /**
   * The primary at first start: this store's own id makes it the primary, another id makes it a
   * replica of that store. After that the store keeps the role the sentinels last gave it in its
   * configuration file, as Sentinel rewrites redis.conf.
   */
  initialPrimary: NodeId;
  /** How often the primary sends what it buffered to its replicas (the asynchrony window). */
  replicationIntervalNs?: DurationNs;
  /** A replica silent this long is no longer streamed to; a primary silent this long is greeted again. */
  replicaTimeoutNs?: DurationNs;
  /** How often the primary deletes expired keys (Redis's active expiry cycle). */
  expiryCycleNs?: DurationNs;
  /** Effects kept for replicas that fall behind (the replication backlog). */
  backlogEntries?: number;
  /** Most effects in one stream message. */
  batchEntries?: number;
  /**
   * The clock key expiry reads: `monotonic` (the default) or `wall`, as Redis does, so that a wall
   * clock step on a store expires its locks early or late (the wall-clock-jump hazard on this design).
   */
  expiryClock?: ExpiryClock;
}

export type ExpiryClock = 'monotonic' | 'wall';
export const EXPIRY_CLOCKS: readonly ExpiryClock[] = ['monotonic', 'wall'];

export type StoreTuning = Required<Omit<StoreServerOptions, 'initialPrimary'>>;

export const DEFAULT_STORE_TUNING: Readonly<StoreTuning> = Object.freeze({
  replicationIntervalNs: 5 * MS,
  replicaTimeoutNs: 200 * MS,
  expiryCycleNs: 100 * MS,
  backlogEntries: 10_000,
  batchEntries: 512,
  expiryClock: 'monotonic',
});

export interface SentinelOptions {
  /** Every store of the deployment (primary and replicas), in the order ties are broken. */
  stores: readonly NodeId[];
  /** Every sentinel, this one included. */
  sentinels: readonly NodeId[];
  /** The primary the configuration starts with. */
  initialPrimary: NodeId;
  /** Sentinels that must find the primary down before a failover starts. */
  quorum: number;
  pingEveryNs?: DurationNs;
  /** A store that has not answered a ping for this long is down in this sentinel's view. */
  downAfterNs?: DurationNs;
  /** A failover not finished in this time is abandoned; the next may start after twice this. */
  failoverTimeoutNs?: DurationNs;
  /** A failover starts up to this much after the primary is found down (spreads candidates). */
  electionJitterNs?: DurationNs;
}

export type SentinelTuning = Required<Pick<SentinelOptions, 'pingEveryNs' | 'downAfterNs' | 'failoverTimeoutNs' | 'electionJitterNs'>>;

export const DEFAULT_SENTINEL_TUNING: Readonly<SentinelTuning> = Object.freeze({
  pingEveryNs: 100 * MS,
  downAfterNs: 1 * S,
  failoverTimeoutNs: 3 * S,
  electionJitterNs: 200 * MS,
});

export interface AsyncStoreClientOptions {
  /** Sentinels to ask who the primary is, in the order they are tried. */
  sentinels: readonly NodeId[];
  /** The protected resource. */
  resource: NodeId;
  /** Time to live of the locks `acquire` takes (SET ... PX). */
  lockTtlNs?: DurationNs;
  /** One attempt of one request waits this long for its answer. */
  requestTimeoutNs?: DurationNs;
  /** A call (retries included) gives up after this long; `acquire` has its own bound. */
  callTimeoutNs?: DurationNs;
  /** How long `acquire` keeps trying to take a held lock before it gives up. */
  acquireTimeoutNs?: DurationNs;
  /** The first pause between attempts on a held lock; it doubles up to `retryMaxNs`, with jitter. */
  retryMinNs?: DurationNs;
  retryMaxNs?: DurationNs;
  /** Bound on clock rate error: a lock is believed for ttl·(1−ε) from the attempt's send time. */
  epsilon?: number;
  /** Taken off every belief on top of ε. */
  marginNs?: DurationNs;
}

export type ClientTuning = Required<Omit<AsyncStoreClientOptions, 'sentinels' | 'resource'>>;

export const DEFAULT_CLIENT_TUNING: Readonly<ClientTuning> = Object.freeze({
  lockTtlNs: 2 * S,
  requestTimeoutNs: 100 * MS,
  callTimeoutNs: 1 * S,
  acquireTimeoutNs: 10 * S,
  retryMinNs: 10 * MS,
  retryMaxNs: 200 * MS,
  epsilon: 0.05,
  marginNs: 0,
});

function positive(where: string, values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${where}: ${name} must be a positive number, got ${String(v)}`);
  }
}

export function storeTuning(o: StoreServerOptions): StoreTuning {
  const { initialPrimary: _primary, expiryClock, ...durations } = o;
  const t: StoreTuning = { ...DEFAULT_STORE_TUNING, ...definedOnly(durations), ...definedOnly({ expiryClock }) };
  const { expiryClock: clock, ...numbers } = t;
  positive('async store', numbers);
  if (!EXPIRY_CLOCKS.includes(clock)) throw new RangeError(`async store: expiryClock must be one of ${EXPIRY_CLOCKS.join('|')}, got ${String(clock)}`);
  return t;
}

export function sentinelTuning(o: SentinelOptions): SentinelTuning {
  const { pingEveryNs, downAfterNs, failoverTimeoutNs, electionJitterNs } = o;
  const t: SentinelTuning = { ...DEFAULT_SENTINEL_TUNING, ...definedOnly({ pingEveryNs, downAfterNs, failoverTimeoutNs, electionJitterNs }) };
  positive('sentinel', { pingEveryNs: t.pingEveryNs, downAfterNs: t.downAfterNs, failoverTimeoutNs: t.failoverTimeoutNs });
  if (!Number.isFinite(t.electionJitterNs) || t.electionJitterNs < 0) throw new RangeError(`sentinel: electionJitterNs must be >= 0, got ${t.electionJitterNs}`);
  if (!o.stores.includes(o.initialPrimary)) throw new RangeError(`sentinel: initialPrimary ${o.initialPrimary} is not one of the stores`);
  if (!Number.isInteger(o.quorum) || o.quorum < 1 || o.quorum > o.sentinels.length) {
    throw new RangeError(`sentinel: quorum must be an integer in [1, ${o.sentinels.length}], got ${o.quorum}`);
  }
  return t;
}

export function clientTuning(o: AsyncStoreClientOptions): ClientTuning {
  const { sentinels: _sentinels, resource: _resource, ...tuning } = o;
  const t: ClientTuning = { ...DEFAULT_CLIENT_TUNING, ...definedOnly(tuning) };
  positive('async store client', {
    lockTtlNs: t.lockTtlNs,
    requestTimeoutNs: t.requestTimeoutNs,
    callTimeoutNs: t.callTimeoutNs,
    acquireTimeoutNs: t.acquireTimeoutNs,
    retryMinNs: t.retryMinNs,
    retryMaxNs: t.retryMaxNs,
  });
  if (!(t.epsilon >= 0 && t.epsilon < 1)) throw new RangeError(`async store client: epsilon must lie in [0, 1), got ${t.epsilon}`);
  if (!(t.marginNs >= 0)) throw new RangeError(`async store client: marginNs must be >= 0, got ${t.marginNs}`);
  if (o.sentinels.length === 0) throw new RangeError('async store client: needs at least one sentinel');
  return t;
}

/** Options with `undefined` fields dropped, so they do not hide defaults. */
function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
