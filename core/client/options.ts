/**
 * How a lock client library is configured: where the servers are, how long it waits, how much of
 * a lease it believes, and which design (safe or one of the catalogue's mistakes) it follows.
 */
import type { DurationNs, NodeId } from '../env.js';
import { DEFAULT_LOCK_SERVICE_CONFIG } from '../lock/config.js';
import { ROOT } from '../lock/paths.js';
import { clientDesign, type ClientDesign } from './design.js';
import type { ClientEvents } from './events.js';

const MS = 1_000_000;
const S = 1_000 * MS;

export interface LockClientOptions {
  /** The lock servers, in the order the client tries them. */
  servers: readonly NodeId[];
  /** The protected resource process, for `read` and `write`. */
  resource?: NodeId;
  /** The session lease the client asks for; the server answers with the lease it grants. */
  sessionTtlNs?: DurationNs;
  /**
   * Bound on how much faster the client's clock may run than the service's log time. It must not
   * be smaller than the service's epsilon (default: the service's default).
   */
  epsilon?: number;
  /** Taken off every believed lease on top of ε, for what the client cannot measure. */
  marginNs?: DurationNs;
  /** One attempt at a request: after this the client tries the next server. */
  requestTimeoutNs?: DurationNs;
  /** Pause before resending after a `retry` answer or a redirect that names no leader. */
  retryBackoffNs?: DurationNs;
  /** A call gives up after this long (an acquire: until its request is queued or answered). */
  operationTimeoutNs?: DurationNs;
  /** How long a queued acquire waits for its grant before the client gives up on it. */
  acquireMaxWaitNs?: DurationNs;
  /** Keep-alives go out every this fraction of the lease (Chubby and etcd: about 1/3). */
  keepAliveFraction?: number;
  /** SUSPENDED when no keep-alive was answered for this fraction of the lease (Curator: 2/3). */
  suspendFraction?: number;
  /** Where lock names that are not paths live in the namespace ("L" is "/ls/L"). */
  lockDir?: string;
  /** Design choices; unset fields take the safe value. */
  design?: Partial<ClientDesign>;
  /**
   * The event listeners. Pass a hub that outlives the process to keep subscriptions across a
   * client's crash and restart; by default each library has its own.
   */
  events?: ClientEvents;
  /** Open the session at start instead of before the first lock call. */
  openSessionAtStart?: boolean;
}

/** The options with every default filled in and checked. */
export interface ResolvedClientOptions {
  servers: readonly NodeId[];
  resource: NodeId | null;
  sessionTtlNs: DurationNs;
  epsilon: number;
  marginNs: DurationNs;
  requestTimeoutNs: DurationNs;
  retryBackoffNs: DurationNs;
  operationTimeoutNs: DurationNs;
  acquireMaxWaitNs: DurationNs;
  keepAliveFraction: number;
  suspendFraction: number;
  lockDir: string;
  design: ClientDesign;
  openSessionAtStart: boolean;
}

export const DEFAULT_CLIENT_TIMING = Object.freeze({
  sessionTtlNs: DEFAULT_LOCK_SERVICE_CONFIG.defaultSessionTtlNs,
  epsilon: DEFAULT_LOCK_SERVICE_CONFIG.epsilon,
  marginNs: 10 * MS,
  requestTimeoutNs: 100 * MS,
  retryBackoffNs: 10 * MS,
  operationTimeoutNs: 2 * S,
  acquireMaxWaitNs: 30 * S,
  keepAliveFraction: 1 / 3,
  suspendFraction: 2 / 3,
});

export function resolveClientOptions(options: LockClientOptions): ResolvedClientOptions {
  if (!Array.isArray(options.servers) || options.servers.length === 0) {
    throw new RangeError('lock client: servers must name at least one server');
  }
  const t = { ...DEFAULT_CLIENT_TIMING };
  const pick = <K extends keyof typeof t>(name: K): number => {
    const v = (options as unknown as Record<string, unknown>)[name];
    return v === undefined ? t[name] : (v as number);
  };
  const resolved: ResolvedClientOptions = {
    servers: [...options.servers],
    resource: options.resource ?? null,
    sessionTtlNs: pick('sessionTtlNs'),
    epsilon: pick('epsilon'),
    marginNs: pick('marginNs'),
    requestTimeoutNs: pick('requestTimeoutNs'),
    retryBackoffNs: pick('retryBackoffNs'),
    operationTimeoutNs: pick('operationTimeoutNs'),
    acquireMaxWaitNs: pick('acquireMaxWaitNs'),
    keepAliveFraction: pick('keepAliveFraction'),
    suspendFraction: pick('suspendFraction'),
    lockDir: options.lockDir ?? ROOT,
    design: clientDesign(options.design),
    openSessionAtStart: options.openSessionAtStart ?? false,
  };
  const positive = (name: keyof ResolvedClientOptions): void => {
    const v = resolved[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`lock client: ${name} must be a positive number, got ${String(v)}`);
  };
  for (const name of ['sessionTtlNs', 'requestTimeoutNs', 'retryBackoffNs', 'operationTimeoutNs', 'acquireMaxWaitNs'] as const) positive(name);
  const fraction = (name: 'epsilon' | 'keepAliveFraction' | 'suspendFraction', min: number): void => {
    const v = resolved[name];
    if (!Number.isFinite(v) || v < min || v >= 1) throw new RangeError(`lock client: ${name} must lie in [${min}, 1), got ${v}`);
  };
  fraction('epsilon', 0);
  positive('keepAliveFraction');
  positive('suspendFraction');
  fraction('keepAliveFraction', 0);
  fraction('suspendFraction', 0);
  if (!Number.isFinite(resolved.marginNs) || resolved.marginNs < 0) throw new RangeError(`lock client: marginNs must be >= 0, got ${resolved.marginNs}`);
  if (resolved.keepAliveFraction >= resolved.suspendFraction) {
    throw new RangeError('lock client: keepAliveFraction must be below suspendFraction, or every lease would look suspended');
  }
  return resolved;
}
