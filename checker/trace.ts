/**
 * The simulator's trace as data that leaves a run (`trace.jsonl`): what happened in the world and
 * inside the protocol, in true time. Checkers and reports read it; they never import `sim/`.
 */
import type { TrueTimeNs } from './history.js';

/**
 * One trace event. `kind` names what happened; well-known kinds and their fields:
 * - world: "send" {from,to,type}, "deliver" {from,to,type}, "drop" {from,to,type,why},
 *   "timer" {node,tag}, "pause"/"resume"/"crash"/"restart"/"wipe" {node},
 *   "clock" {node, monoOffsetNs, wallOffsetNs, rate}, "fault" {fault, targets, params},
 *   "heal" {}, "fsync" {node}, "disk-lost" {node, records}
 * - protocol (emitted by core through `env.trace`): "role" {node, role, term},
 *   "commit" {node, index, term}, "apply" {node, index}, "grant" {node, lock, owner, token},
 *   "expire" {node, session}, ...
 */
export interface TraceEvent {
  /** Sequence number in the run, 0-based. */
  seq: number;
  /** True time. */
  t: TrueTimeNs;
  kind: string;
  /** The process the event belongs to, when it belongs to one. */
  node?: string;
  data?: Record<string, unknown>;
}
