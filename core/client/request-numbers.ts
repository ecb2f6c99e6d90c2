/**
 * Sequence numbers for exactly-once requests. The server remembers, per client id, the last
 * sequence number it executed and refuses older ones, so numbers must keep growing across the
 * client process's crashes and restarts: each incarnation takes a fresh block of numbers, and the
 * block is recorded on the process's disk before any request leaves.
 */
import type { Env } from '../env.js';

const FILE = 'lock-client-incarnation';
/** Numbers per incarnation; with 2^21 incarnations the numbers stay exact doubles. */
const BLOCK = 2 ** 32;
const MAX_INCARNATION = 2 ** 21 - 1;

export class RequestNumbers {
  private incarnation: number;
  private count = 0;

  constructor(private readonly env: Env) {
    let last = 0;
    for (const record of env.disk.read(FILE)) {
      const n = (record as { incarnation?: unknown } | null)?.incarnation;
      if (typeof n === 'number' && Number.isSafeInteger(n) && n > last) last = n;
    }
    this.incarnation = last;
    this.advance(last + 1);
  }

  next(): number {
    this.count += 1;
    if (this.count >= BLOCK) this.advance(this.incarnation + 1);
    return this.incarnation * BLOCK + this.count;
  }

  /**
   * The server has executed `seq` or a later number of this client id: a previous incarnation
   * whose record the disk lost. Moves past it (or to the next block when the number is unknown).
   */
  skipPast(seq: number | null): void {
    const beyond = seq === null ? this.incarnation + 1 : Math.floor(seq / BLOCK) + 1;
    this.advance(Math.max(this.incarnation + 1, beyond));
  }

  private advance(incarnation: number): void {
    if (incarnation > MAX_INCARNATION) throw new RangeError(`lock client ${this.env.id}: out of request numbers`);
    this.incarnation = incarnation;
    this.count = 0;
    this.env.disk.write(FILE, [{ incarnation }]);
    this.env.disk.fsync();
  }
}
