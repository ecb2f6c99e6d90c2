/**
 * The world has one grudge, so partitions do not stack: a later partition replaces the earlier
 * one (which ends there, superseded), and ending the current one heals the network rather than
 * bringing back whatever it replaced. A fault that would cut nothing leaves the network alone.
 */
import type { World } from '../../sim/world.js';
import type { Cut } from '../topologies.js';

export class PartitionState {
  /** The fault whose grudge the network holds now. */
  private owner: number | null = null;

  constructor(
    private readonly world: World,
    private readonly onSuperseded: (owner: number, by: number) => void,
  ) {}

  /** Installs fault `owner`'s cut; returns its undo. */
  apply(owner: number, cut: Cut, label: string): () => void {
    if (this.owner !== null && this.owner !== owner) this.onSuperseded(this.owner, owner);
    this.owner = owner;
    this.world.partition(cut.pairs, label);
    return () => {
      if (this.owner !== owner) return;
      this.owner = null;
      this.world.healPartition();
    };
  }
}
