/**
 * Swizzle-clogs hold directed links: packets queue instead of arriving. A link held by two
 * overlapping swizzles is released when the last of them ends. At the end of a swizzle its links
 * are released in an order drawn from the nemesis stream, so what queued on different links
 * arrives interleaved differently from how it was sent.
 */
import { shuffled, type Rng } from '../../sim/random.js';
import type { World } from '../../sim/world.js';
import type { Pair } from '../topologies.js';

export class LinkHolds {
  private readonly holders = new Map<string, number>();

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
  ) {}

  /** Holds the links; returns the undo, which releases them in a random order `gapNs` apart. */
  hold(links: readonly Pair[], gapNs: number): () => void {
    for (const [from, to] of links) {
      const key = `${from}>${to}`;
      this.holders.set(key, (this.holders.get(key) ?? 0) + 1);
      this.world.holdLink(from, to);
    }
    return () => {
      const free: Pair[] = [];
      for (const [from, to] of links) {
        const key = `${from}>${to}`;
        const left = (this.holders.get(key) ?? 1) - 1;
        if (left > 0) this.holders.set(key, left);
        else {
          this.holders.delete(key);
          free.push([from, to]);
        }
      }
      shuffled(this.rng, free).forEach(([from, to], i) => {
        const release = (): void => {
          // A later swizzle may hold the link again, or the final heal may have released it.
          if (this.holders.has(`${from}>${to}`) || !this.world.network.isHeld(from, to)) return;
          this.world.releaseLink(from, to);
        };
        if (gapNs === 0) release();
        else this.world.after(i * gapNs, `nemesis:release ${from}>${to}`, release);
      });
    };
  }
}
