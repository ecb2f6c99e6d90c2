/**
 * A process's simulated disk: named files of records, with a pending part (written, in the page
 * cache) and a durable part (synced). What an fsync really does depends on the policy, as in
 * Redis's appendfsync: `always` makes writes durable at once, `everysec` and `no` leave them to a
 * background flush (every second, or every 30 s as an OS would). A power loss keeps only what was
 * durable; a process kill keeps everything written.
 */
import type { Disk, FsyncPolicy, TornRecord } from '../core/env.js';

export const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'everysec', 'no'];

/** How often the background flush makes writes durable under each deferred policy. */
export const FLUSH_INTERVAL_NS: Record<FsyncPolicy, number> = {
  always: 0,
  everysec: 1_000_000_000,
  no: 30_000_000_000,
};

/** One unsynced change, with what is needed to undo it on a power loss. */
type PendingOp =
  | { op: 'append'; file: string }
  | { op: 'write'; file: string; previous: unknown[] | undefined }
  | { op: 'truncate'; file: string; removed: unknown[] };

const TORN: TornRecord = Object.freeze({ torn: true as const });

export class SimDisk implements Disk {
  private files = new Map<string, unknown[]>();
  private pending: PendingOp[] = [];
  /** One shared, immutable append op per file: appends are most of a log's writes. */
  private readonly appendOps = new Map<string, PendingOp>();
  /** Counters for reports and tests. */
  syncs = 0;
  writes = 0;

  constructor(readonly policy: FsyncPolicy) {}

  append(file: string, record: unknown): void {
    let records = this.files.get(file);
    if (!records) {
      records = [];
      this.files.set(file, records);
      this.pending.push({ op: 'write', file, previous: undefined });
    }
    records.push(record);
    let op = this.appendOps.get(file);
    if (op === undefined) {
      op = Object.freeze({ op: 'append', file });
      this.appendOps.set(file, op);
    }
    this.pending.push(op);
    this.writes++;
  }

  write(file: string, records: readonly unknown[]): void {
    this.pending.push({ op: 'write', file, previous: this.files.get(file) });
    this.files.set(file, records.slice());
    this.writes++;
  }

  truncate(file: string, length: number): void {
    const records = this.files.get(file);
    if (!records || records.length <= length) return;
    const removed = records.splice(length);
    this.pending.push({ op: 'truncate', file, removed });
    this.writes++;
  }

  read(file: string): readonly unknown[] {
    return this.files.get(file) ?? [];
  }

  /** The process asks for durability; only `always` honours it at once. */
  fsync(): void {
    if (this.policy === 'always') this.flush();
  }

  /** Makes everything written so far durable (the background flush, or an honoured fsync). */
  flush(): void {
    if (this.pending.length > 0) {
      this.pending = [];
      this.syncs++;
    }
  }

  /** Records written but not yet durable. */
  get unsyncedOps(): number {
    return this.pending.length;
  }

  /**
   * A power loss: every unsynced change is undone, newest first. With `tear`, the oldest lost
   * write leaves a torn record behind, as a half-written sector would.
   * Returns how many changes were lost.
   */
  loseUnsynced(tear: boolean): number {
    const lost = this.pending.length;
    let tornFile: string | undefined;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i] as PendingOp;
      if (p.op === 'append') {
        this.files.get(p.file)?.pop();
        if (tear) tornFile = p.file;
      } else if (p.op === 'write') {
        if (p.previous === undefined) this.files.delete(p.file);
        else this.files.set(p.file, p.previous);
        if (tear) tornFile = p.file;
      } else {
        this.files.get(p.file)?.push(...p.removed);
      }
    }
    this.pending = [];
    if (tornFile !== undefined) {
      const records = this.files.get(tornFile) ?? [];
      records.push(TORN);
      this.files.set(tornFile, records);
    }
    return lost;
  }

  /** The disk is replaced by an empty one. */
  wipe(): void {
    this.files = new Map();
    this.pending = [];
  }

  /** Names of the files present, for tests and reports. */
  fileNames(): string[] {
    return [...this.files.keys()];
  }
}

export function isTorn(record: unknown): record is TornRecord {
  return typeof record === 'object' && record !== null && (record as TornRecord).torn === true;
}
