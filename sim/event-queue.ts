/**
 * The simulator's agenda: events ordered by (true time, sequence number). Ties in time are broken
 * only by the sequence in which events were scheduled, never by anything else, so the order is a
 * function of the seed alone.
 */
import type { TrueTimeNs } from './time.js';

export interface Scheduled {
  t: TrueTimeNs;
  seq: number;
  /** Lazily deleted: a cancelled event stays in the heap and is skipped when popped. */
  cancelled: boolean;
}

export class EventQueue<E extends Scheduled> {
  private heap: E[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Stamps the event with the next sequence number and inserts it. */
  push(event: E): E {
    event.seq = this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as E;
      if (p.t < event.t || (p.t === event.t && p.seq < event.seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
    return event;
  }

  /** The earliest event, without removing it (cancelled ones included). */
  peek(): E | undefined {
    return this.heap[0];
  }

  pop(): E | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as E;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        let cv = heap[l] as E;
        if (r < n) {
          const rv = heap[r] as E;
          if (rv.t < cv.t || (rv.t === cv.t && rv.seq < cv.seq)) {
            c = r;
            cv = rv;
          }
        }
        if (last.t < cv.t || (last.t === cv.t && last.seq < cv.seq)) break;
        heap[i] = cv;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}
