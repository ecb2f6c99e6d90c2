/**
 * The database of a unique-index lock (seed 002): one table `locks` with a unique index on the
 * lock's name. Inserting a row takes the lock; the index refuses a second row of the same name;
 * deleting the row releases it. A row's `expires_at` lets a lock whose holder died be taken over:
 * each insert first deletes a row of its name that has expired. Who stamps `expires_at`, and on
 * which clock, is the design's one knob:
 * - `database-clock` (safe): the database, on its own monotonic clock, from the TTL asked for;
 * - `client-clock` (unsafe): the client, on its own wall clock, and the takeover compares it with
 *   the wall clock of the client that tries next, so two clients' clocks decide the lease;
 * - `none` (unsafe): no expiry at all, so a holder that crashes keeps the lock for ever.
 * The table is written to disk on every change, so a restart keeps it, as a database would.
 */
import type { SystemEvent, EventSink } from '../../contract/events.js';
import type { Env, NodeId, Process, TimerId } from '../../env.js';
import { isUniqueIndexMessage, type DeleteLock, type InsertLock, type LockReply } from './messages.js';

/** Who stamps a row's expiry (the knob `expiry` of the design). */
export type ExpiryStamp = 'database-clock' | 'client-clock' | 'none';

interface Row {
  owner: string;
  client: NodeId;
  token: number;
  /** The row's expiry, on the clock the stamp names; null: never. */
  expiresAt: number | null;
}

interface Table {
  rows: Record<string, Row>;
  /** The auto-increment id of the last row inserted (rows' ids are fencing tokens). */
  lastId: number;
}

const TABLE_FILE = 'locks';

export class UniqueIndexDatabase implements Process {
  private table: Table = { rows: {}, lastId: 0 };

  constructor(
    private readonly env: Env,
    private readonly expiry: ExpiryStamp,
    private readonly events?: EventSink<SystemEvent>,
  ) {}

  start(): void {
    const saved = this.env.disk.read(TABLE_FILE).at(-1);
    if (saved && !(saved as { torn?: boolean }).torn) this.table = structuredClone(saved as Table);
  }

  onMessage(from: NodeId, message: unknown): void {
    if (!isUniqueIndexMessage(message)) return;
    if (message.type === 'uix-insert') this.reply(from, this.insert(from, message));
    else if (message.type === 'uix-delete') this.reply(from, this.delete(message));
  }

  onTimer(_id: TimerId, _tag: string): void {}

  private insert(from: NodeId, m: InsertLock): LockReply {
    const existing = this.table.rows[m.name];
    if (existing && this.expired(existing, m)) this.remove(m.name, existing, 'expired');
    if (this.table.rows[m.name]) return { type: 'uix-reply', req: m.req, acquired: false };
    const token = ++this.table.lastId;
    const row: Row = { owner: m.owner, client: from, token, expiresAt: this.stamp(m) };
    this.table.rows[m.name] = row;
    this.save();
    this.events?.emit({ type: 'grant', lock: m.name, owner: m.owner, client: from, token, mode: 'exclusive', id: String(token) });
    return { type: 'uix-reply', req: m.req, acquired: true, token };
  }

  private delete(m: DeleteLock): LockReply {
    const row = this.table.rows[m.name];
    if (row === undefined) return { type: 'uix-reply', req: m.req, deleted: false, heldByOther: false };
    if (row.owner !== m.owner) return { type: 'uix-reply', req: m.req, deleted: false, heldByOther: true };
    this.remove(m.name, row, 'released');
    return { type: 'uix-reply', req: m.req, deleted: true };
  }

  /** The expiry the row gets, on the clock its stamp names. */
  private stamp(m: InsertLock): number | null {
    if (this.expiry === 'none') return null;
    if (this.expiry === 'client-clock') return m.clientWallNs + m.ttlNs;
    return this.env.monotonicNs() + m.ttlNs;
  }

  /** `expires_at < now`, where "now" is the clock the stamp was made on. */
  private expired(row: Row, m: InsertLock): boolean {
    if (row.expiresAt === null) return false;
    const now = this.expiry === 'client-clock' ? m.clientWallNs : this.env.monotonicNs();
    return row.expiresAt < now;
  }

  private remove(name: string, row: Row, reason: string): void {
    delete this.table.rows[name];
    this.save();
    this.events?.emit({ type: 'release', lock: name, owner: row.owner, token: row.token, reason });
  }

  private save(): void {
    this.env.disk.write(TABLE_FILE, [structuredClone(this.table)]);
    this.env.disk.fsync();
  }

  private reply(to: NodeId, reply: LockReply): void {
    this.env.send(to, reply);
  }
}
