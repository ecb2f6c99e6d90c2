/**
 * Raft's durable state on the process's simulated disk: hard states, snapshots and log entries
 * as append-only record files, so that a torn last write spoils only the record being written
 * (readers stop at the first torn record, as a checksum would tell them). What a crash took away
 * is simply absent at the next boot, and Raft then behaves as a node with that disk must.
 */
import type { Disk, TornRecord } from '../env.js';
import type { RaftStorage } from '../raft/storage.js';
import type { Entry, HardState, Snapshot } from '../raft/types.js';

const HS = 'raft/hardstate';
const SNAP = 'raft/snapshot';
const LOG = 'raft/log';

/** Append-only files are rewritten once they hold this many superseded records. */
const REWRITE_AFTER = 256;

function isTorn(r: unknown): r is TornRecord {
  return typeof r === 'object' && r !== null && (r as TornRecord).torn === true;
}

/** The valid records of a file: everything before the first torn one. */
function validRecords(disk: Disk, file: string): unknown[] {
  const out: unknown[] = [];
  for (const r of disk.read(file)) {
    if (isTorn(r)) break;
    out.push(r);
  }
  return out;
}

export class RaftDisk implements RaftStorage {
  private hs: HardState | null;
  private snap: Snapshot | null;
  private log: Entry[];
  /** Records in the log file (entries, in index order from `logFileFirst`). */
  private logFileFirst: number;

  constructor(private readonly disk: Disk) {
    const hss = validRecords(disk, HS) as HardState[];
    this.hs = hss[hss.length - 1] ?? null;
    const snaps = validRecords(disk, SNAP) as Snapshot[];
    this.snap = snaps[snaps.length - 1] ?? null;
    // Entries must be contiguous and follow the snapshot; the log is cut at the first gap.
    const raw = validRecords(disk, LOG) as Entry[];
    const after = this.snap?.index ?? 0;
    const log: Entry[] = [];
    for (const e of raw) {
      if (e.index <= after) continue;
      const expected = log.length > 0 ? (log[log.length - 1] as Entry).index + 1 : after + 1;
      if (e.index !== expected) break;
      log.push(e);
    }
    this.log = log;
    // Start a clean log file that holds exactly the entries we believe, so positions match.
    this.logFileFirst = after + 1;
    if (raw.length !== log.length || (raw[0] !== undefined && raw[0].index !== after + 1)) {
      disk.write(LOG, log);
    }
    if (disk.read(HS).length !== hss.length) disk.write(HS, this.hs ? [this.hs] : []);
    if (disk.read(SNAP).length !== snaps.length) disk.write(SNAP, this.snap ? [this.snap] : []);
  }

  hardState(): HardState | null {
    return this.hs;
  }

  snapshot(): Snapshot | null {
    return this.snap;
  }

  entries(): readonly Entry[] {
    return this.log;
  }

  setHardState(hs: HardState): void {
    this.hs = hs;
    if (this.disk.read(HS).length >= REWRITE_AFTER) this.disk.write(HS, [hs]);
    else this.disk.append(HS, hs);
  }

  /** Writes entries from `entries[0].index`, discarding any stored entry at or after it. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = (entries[0] as Entry).index;
    const pos = first - this.logFileFirst;
    if (pos < 0) throw new Error(`raft disk: entry ${first} precedes the log start ${this.logFileFirst}`);
    if (pos > this.log.length) throw new Error(`raft disk: entry ${first} leaves a gap after ${this.logFileFirst + this.log.length - 1}`);
    if (pos < this.log.length) {
      this.log.length = pos;
      this.disk.truncate(LOG, pos);
    }
    for (const e of entries) {
      this.log.push(e);
      this.disk.append(LOG, e);
    }
  }

  /** A snapshot from the leader replaces the whole log. */
  installSnapshot(snapshot: Snapshot): void {
    this.writeSnapshot(snapshot);
    this.log = [];
    this.logFileFirst = snapshot.index + 1;
    this.disk.write(LOG, []);
  }

  /** A snapshot this node made: entries up to its index are dropped from the file. */
  compact(snapshot: Snapshot): void {
    this.writeSnapshot(snapshot);
    const keep = this.log.filter((e) => e.index > snapshot.index);
    this.log = keep;
    this.logFileFirst = snapshot.index + 1;
    this.disk.write(LOG, keep);
  }

  private writeSnapshot(snapshot: Snapshot): void {
    this.snap = snapshot;
    // Append first, so that a torn write leaves the previous snapshot readable.
    if (this.disk.read(SNAP).length >= 2) this.disk.write(SNAP, [snapshot]);
    else this.disk.append(SNAP, snapshot);
  }

  fsync(): void {
    this.disk.fsync();
  }

  get entryCount(): number {
    return this.log.length;
  }
}
