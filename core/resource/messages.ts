/** The protected resource's wire protocol: clients write token-stamped values and read them back. */
import type { NodeId } from '../env.js';

export interface ResourceWriteRequest {
  type: 'res-write';
  reqId: number;
  /** The lock that guards this write: the resource keeps one token high-water mark per lock. */
  lock: string;
  key: string;
  value: unknown;
  /** The fencing token the writer holds; null when the writer sends none. */
  token: number | null;
  client: NodeId;
}

export interface ResourceReadRequest {
  type: 'res-read';
  reqId: number;
  key: string;
  client: NodeId;
  /** The grant the read is made under (a read-modify-write inside a critical section). */
  token?: number;
  lock?: string;
}

export interface ResourceReply {
  type: 'res-reply';
  reqId: number;
  ok: boolean;
  /** A read's value (null when never written). */
  value?: unknown;
  /** Why a write was refused. */
  reason?: 'stale-token' | 'no-token' | 'not-current';
}

export type ResourceRequest = ResourceWriteRequest | ResourceReadRequest;

export function isResourceRequest(m: unknown): m is ResourceRequest {
  const t = (m as { type?: unknown })?.type;
  return t === 'res-write' || t === 'res-read';
}
