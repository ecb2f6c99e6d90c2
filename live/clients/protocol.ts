/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * What a client process and the harness say to each other over the client's IPC pipe. The harness
 * stamps every message with true time when it arrives: a client paused by SIGSTOP says nothing,
 * and what it says after SIGCONT is stamped after the pause, as a real zombie's actions would be.
 */

/** The harness's first message: who the client is and how to reach the servers (through its proxies). */
export interface ClientInit {
  type: 'init';
  id: string;
  target: string;
  recipe: string;
  /** Server name to the address this client must use for it (its own proxy). */
  endpoints: Record<string, { host: string; port: number }>;
  /** Sentinel addresses (redis-sentinel target) and the primary's group name. */
  sentinels?: { host: string; port: number }[];
  /** For the sentinel target: every redis server's real address to this client's proxy for it. */
  natMap?: Record<string, { host: string; port: number }>;
  lock: string;
  workload: ClientWorkload;
  /** Present for a kv client: it reads, writes and CASes these keys instead of taking the lock. */
  kv?: KvWorkload;
}

export interface KvWorkload {
  store: 'etcd' | 'sentinel';
  keys: string[];
  /** The pause between two operations. */
  gapMs: number;
  /** How long one operation may take before the client gives up on it (indeterminate). */
  timeoutMs: number;
}

export interface ClientWorkload {
  /** The lease, session timeout, TTL or expiry the recipe asks for. */
  ttlMs: number;
  /** Writes to the resource in one critical section, and the gap before each. */
  writes: number;
  writeGapMs: number;
  thinkMs: number;
  /** How long one acquire may try before it gives up. */
  acquireTimeoutMs: number;
  /** Wait this long before the first acquire (staggered starts make scripted stories sharp). */
  startDelayMs: number;
}

/** Messages from a client to the harness. */
export type ClientEvent =
  | { type: 'ready' }
  | { type: 'invoke'; f: string; value?: unknown; key?: string }
  | { type: 'complete'; f: string; outcome: 'ok' | 'fail' | 'info'; value?: unknown; error?: string; key?: string }
  /** The client now believes it holds the lock; `forMs` is how long at most, by its own clock. */
  | { type: 'belief-start'; token: number | null; forMs: number | null }
  | { type: 'belief-end'; reason: string }
  /** A write to the protected resource, made while the client believes it holds the lock. */
  | { type: 'write'; seq: number; token: number | null; value: unknown }
  | { type: 'stopped' };

/** Messages from the harness to a client. */
export type HarnessMessage = ClientInit | { type: 'go' } | { type: 'write-reply'; seq: number; ok: boolean; reason?: string } | { type: 'stop' };
