/**
 * The wire protocol between lock clients and lock servers. A request carries the client's id (its
 * node id, so that any server can answer it) and a sequence number; the pair names the request
 * for exactly-once execution, so a retry after a timeout reuses both.
 */
import type { NodeId } from '../env.js';
import type { Command } from '../lock/commands.js';
import type { Reply } from '../lock/replies.js';

export interface ClientRequest {
  type: 'lock-req';
  clientId: NodeId;
  seq: number;
  /** The lock-service command; the server stamps `clientId` and `seq` into it. */
  command: Command;
}

/**
 * A server's answer. `final: false` marks an acquire that is queued: its final answer (granted, or
 * dropped because the session ended) comes later in another reply with the same `seq`, possibly
 * from another server after a failover.
 */
export type ClientReply =
  | {
      type: 'lock-rep';
      clientId: NodeId;
      seq: number;
      status: 'ok';
      final: boolean;
      reply: Reply;
      from: NodeId;
      /** The log position of the command that produced the reply (absent for reads). */
      at?: { index: number; term: number };
    }
  /** This server is not the leader; `leader` is its best guess, or null. */
  | { type: 'lock-rep'; clientId: NodeId; seq: number; status: 'not-leader'; leader: NodeId | null; from: NodeId }
  /** The request was not executed and will not be (e.g. leadership is being transferred): retry. */
  | { type: 'lock-rep'; clientId: NodeId; seq: number; status: 'retry'; reason: string; from: NodeId };

export function isClientRequest(m: unknown): m is ClientRequest {
  return (m as { type?: unknown })?.type === 'lock-req';
}

export function isClientReply(m: unknown): m is ClientReply {
  return (m as { type?: unknown })?.type === 'lock-rep';
}

/** Commands that only read: served through ReadIndex (or, in the unsafe fast-read design, at once). */
export const READ_COMMANDS: ReadonlySet<string> = new Set(['get', 'get-contents', 'list', 'check-sequencer']);
