/**
 * The protected resource: a single-process store that applications write to while they hold a
 * lock. How it defends itself is the design under test:
 * - `none` accepts anything (a zombie holder's late write lands);
 * - `fenced` keeps the highest token seen per lock and refuses lower ones, atomically with the
 *   write (the fix of the GC-pause and in-flight cases);
 * - `check-sequencer` asks the lock service whether the token is current and applies the write
 *   when the answer comes back: the answer can be stale by then (the TOCTOU case of 004).
 * Every accepted and refused write is traced as `resource-write` for the checkers.
 */
import type { Env, NodeId, Process } from '../env.js';
import { isResourceRequest, type ResourceReadRequest, type ResourceReply, type ResourceWriteRequest } from './messages.js';

export type ResourceMode = 'none' | 'fenced' | 'check-sequencer';
export const RESOURCE_MODES: readonly ResourceMode[] = ['none', 'fenced', 'check-sequencer'];

/** How a `check-sequencer` resource asks the lock service about a token (answers by callback). */
export interface SequencerChecker {
  check(lock: string, token: number, answer: (current: boolean) => void): void;
  /** Messages from the lock service go to the checker (it may be a lock client). */
  onMessage?(from: NodeId, message: unknown): boolean;
  onTimer?(id: number, tag: string): boolean;
  start?(): void;
}

interface Cell {
  value: unknown;
  token: number | null;
}

export class Resource implements Process {
  private readonly cells = new Map<string, Cell>();
  /** Highest token accepted per lock. */
  private readonly highWater = new Map<string, number>();

  constructor(
    private readonly env: Env,
    readonly mode: ResourceMode,
    private readonly checker?: SequencerChecker,
  ) {
    if (!RESOURCE_MODES.includes(mode)) throw new Error(`resource mode must be one of ${RESOURCE_MODES.join('|')}, got ${String(mode)}`);
    if (mode === 'check-sequencer' && !checker) throw new Error('a check-sequencer resource needs a sequencer checker');
  }

  start(): void {
    this.checker?.start?.();
  }

  onMessage(from: NodeId, message: unknown): void {
    if (this.checker?.onMessage?.(from, message)) return;
    if (!isResourceRequest(message)) return;
    if (message.type === 'res-read') this.read(from, message);
    else this.write(from, message);
  }

  onTimer(id: number, tag: string): void {
    this.checker?.onTimer?.(id, tag);
  }

  private read(from: NodeId, req: ResourceReadRequest): void {
    // A fenced read is part of a read-modify-write: it must see the grant too, or a zombie's
    // write could land between this holder's read and its write and be overwritten.
    if (this.mode === 'fenced' && req.token !== undefined && req.lock !== undefined) {
      const high = this.highWater.get(req.lock);
      if (high !== undefined && req.token < high) {
        this.env.trace('resource-read', { lock: req.lock, client: req.client, token: req.token, accepted: false, reason: 'stale-token', key: req.key });
        this.reply(from, { type: 'res-reply', reqId: req.reqId, ok: false, reason: 'stale-token' });
        return;
      }
      this.highWater.set(req.lock, Math.max(req.token, high ?? -Infinity));
    }
    const cell = this.cells.get(req.key);
    this.reply(from, { type: 'res-reply', reqId: req.reqId, ok: true, value: cell ? cell.value : null });
  }

  private write(from: NodeId, req: ResourceWriteRequest): void {
    if (this.mode === 'none') return this.accept(from, req);
    if (req.token === null) return this.refuse(from, req, 'no-token');
    if (this.mode === 'fenced') {
      const high = this.highWater.get(req.lock);
      // Equal tokens are the same grant writing again; only lower ones are zombies.
      if (high !== undefined && req.token < high) return this.refuse(from, req, 'stale-token');
      return this.accept(from, req);
    }
    const token = req.token;
    (this.checker as SequencerChecker).check(req.lock, token, (current) => {
      if (current) this.accept(from, req);
      else this.refuse(from, req, 'not-current');
    });
  }

  private accept(from: NodeId, req: ResourceWriteRequest): void {
    this.cells.set(req.key, { value: req.value, token: req.token });
    if (req.token !== null) this.highWater.set(req.lock, Math.max(req.token, this.highWater.get(req.lock) ?? -Infinity));
    this.env.trace('resource-write', { lock: req.lock, client: req.client, token: req.token, accepted: true, key: req.key, value: req.value });
    this.reply(from, { type: 'res-reply', reqId: req.reqId, ok: true });
  }

  private refuse(from: NodeId, req: ResourceWriteRequest, reason: NonNullable<ResourceReply['reason']>): void {
    this.env.trace('resource-write', { lock: req.lock, client: req.client, token: req.token, accepted: false, reason, key: req.key, value: req.value });
    this.reply(from, { type: 'res-reply', reqId: req.reqId, ok: false, reason });
  }

  private reply(to: NodeId, reply: ResourceReply): void {
    this.env.send(to, reply);
  }

  /** The value stored under a key (for tests and final-state checks). */
  valueOf(key: string): unknown {
    return this.cells.get(key)?.value ?? null;
  }
}
