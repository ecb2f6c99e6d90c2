/**
 * Pauses and crashes as holds on processes. A node stays paused while any pause fault holds it,
 * and stays down while any crash fault holds it; a crash ends every pause of the node it kills
 * (the frozen process is gone, and its restart must not be frozen by a pause that froze its
 * predecessor). A pause of a node that is down does nothing.
 */
import type { CrashMode, World } from '../../sim/world.js';

export class ProcessHolds {
  /** node -> the pause faults holding it. */
  private readonly pauses = new Map<string, Set<number>>();
  /** node -> how many crash faults hold it down. */
  private readonly crashes = new Map<string, number>();

  constructor(private readonly world: World) {}

  /** Pauses the targets; returns those actually held, and the undo. */
  pause(owner: number, targets: readonly string[]): { held: string[]; undo: () => void } {
    const held: string[] = [];
    for (const id of targets) {
      if (this.world.status(id) === 'down') continue;
      let holders = this.pauses.get(id);
      if (!holders) {
        holders = new Set();
        this.pauses.set(id, holders);
      }
      holders.add(owner);
      this.world.pause(id);
      held.push(id);
    }
    const undo = (): void => {
      for (const id of held) {
        const holders = this.pauses.get(id);
        // Gone when a crash ended the pause.
        if (!holders?.delete(owner)) continue;
        if (holders.size === 0) {
          this.pauses.delete(id);
          this.world.resume(id);
        }
      }
    };
    return { held, undo };
  }

  /**
   * Crashes the targets; the undo restarts each one no other crash fault holds down. A target found
   * already down that no crash fault holds (the scenario stopped it, or a membership change removed
   * it) is left alone, and its undo does not bring it back: only what this fault stopped restarts.
   */
  crash(targets: readonly string[], mode: CrashMode): () => void {
    const held: string[] = [];
    for (const id of targets) {
      if (this.world.status(id) === 'down' && !this.crashes.has(id)) continue;
      this.crashes.set(id, (this.crashes.get(id) ?? 0) + 1);
      this.pauses.delete(id);
      this.world.crash(id, mode);
      held.push(id);
    }
    return () => {
      for (const id of held) {
        const left = (this.crashes.get(id) ?? 1) - 1;
        if (left > 0) {
          this.crashes.set(id, left);
          continue;
        }
        this.crashes.delete(id);
        this.world.restart(id);
      }
    };
  }
}
