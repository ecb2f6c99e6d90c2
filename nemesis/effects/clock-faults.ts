/**
 * Clock faults. Offsets and jumps move the wall clock by an amount, and are undone by moving it
 * back by that amount, so overlapping ones add up and unwind in any order. Drifts stack per node
 * and per clock like packet patches: the latest active one sets the rate, and ending it uncovers
 * the one beneath, or the rate the clock had before the nemesis touched it. A node has one strobe:
 * a later one replaces it, and only the strobe still in place is stopped at its fault's end.
 */
import type { World } from '../../sim/world.js';
import type { ClockChoice } from '../kinds.js';

interface DriftStack {
  baseline: number;
  layers: { owner: number; ppm: number }[];
}

type Which = 'monotonic' | 'wall';

export class ClockFaults {
  private readonly drifts = new Map<string, DriftStack>();
  private readonly strobes = new Map<string, number>();

  constructor(private readonly world: World) {}

  /** Sets each target's wall offset; the undo steps back by what the fault added. */
  offset(targets: readonly string[], offsetNs: number): () => void {
    const added = targets.map((id) => {
      const before = this.world.clock(id).wallOffsetNs;
      this.world.setWallOffset(id, offsetNs);
      return offsetNs - before;
    });
    return () => targets.forEach((id, i) => this.world.jumpWall(id, -(added[i] as number)));
  }

  jump(targets: readonly string[], deltaNs: number): () => void {
    for (const id of targets) this.world.jumpWall(id, deltaNs);
    return () => {
      for (const id of targets) this.world.jumpWall(id, -deltaNs);
    };
  }

  drift(owner: number, targets: readonly string[], ppm: number, clock: ClockChoice): () => void {
    const which: Which[] = clock === 'both' ? ['monotonic', 'wall'] : [clock];
    const stacks: [string, Which, DriftStack][] = [];
    for (const id of targets) {
      for (const w of which) {
        const stack = this.stack(id, w);
        stack.layers.push({ owner, ppm });
        stacks.push([id, w, stack]);
        this.settle(id, w, stack);
      }
    }
    return () => {
      for (const [id, w, stack] of stacks) {
        stack.layers = stack.layers.filter((l) => l.owner !== owner);
        this.settle(id, w, stack);
      }
    };
  }

  strobe(owner: number, targets: readonly string[], durationNs: number, periodNs: number, deltaNs: number): () => void {
    for (const id of targets) {
      this.strobes.set(id, owner);
      this.world.strobeWall(id, durationNs, periodNs, deltaNs);
    }
    return () => {
      for (const id of targets) {
        if (this.strobes.get(id) !== owner) continue;
        this.strobes.delete(id);
        // A strobe that ends now: the clock has no other way to stop one.
        this.world.strobeWall(id, 0, 1, 0);
      }
    };
  }

  private stack(id: string, which: Which): DriftStack {
    const key = `${id}:${which}`;
    let stack = this.drifts.get(key);
    if (!stack) {
      // The wall clock does not tell its own drift; a scenario's static wall drift is taken as 0.
      stack = { baseline: which === 'monotonic' ? this.world.clock(id).driftPpm : 0, layers: [] };
      this.drifts.set(key, stack);
    }
    return stack;
  }

  private settle(id: string, which: Which, stack: DriftStack): void {
    const top = stack.layers[stack.layers.length - 1];
    const ppm = top ? top.ppm : stack.baseline;
    if (which === 'monotonic') this.world.setDrift(id, ppm);
    else this.world.setWallDrift(id, ppm);
    if (stack.layers.length === 0) this.drifts.delete(`${id}:${which}`);
  }
}
