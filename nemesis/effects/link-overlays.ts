/**
 * Packet faults as overlays on directed links. Each link keeps the configuration it had before
 * the nemesis first touched it, and a stack of the patches of the faults active on it, applied in
 * the order they started: per setting, the latest active fault wins, and ending a fault uncovers
 * what remains beneath it.
 */
import type { LatencyConfig, LinkConfig } from '../../sim/network.js';
import type { World } from '../../sim/world.js';
import type { Pair } from '../topologies.js';

export type LinkPatch = Partial<Omit<LinkConfig, 'latency'>> & { latency?: Partial<LatencyConfig> };

interface Layer {
  owner: number;
  patch: LinkPatch;
}

interface LinkStack {
  from: string;
  to: string;
  baseline: LinkConfig;
  layers: Layer[];
}

function applyPatch(config: LinkConfig, patch: LinkPatch): LinkConfig {
  const { latency, ...rest } = patch;
  return { ...config, ...rest, latency: { ...config.latency, ...(latency ?? {}) } };
}

export class LinkOverlays {
  private readonly stacks = new Map<string, LinkStack>();

  constructor(private readonly world: World) {}

  /** Adds fault `owner`'s patch to each link; returns its undo. */
  apply(owner: number, links: readonly Pair[], patch: LinkPatch): () => void {
    const touched: LinkStack[] = [];
    for (const [from, to] of links) {
      const key = `${from}>${to}`;
      let stack = this.stacks.get(key);
      if (!stack) {
        stack = { from, to, baseline: this.world.network.link(from, to), layers: [] };
        this.stacks.set(key, stack);
      }
      stack.layers.push({ owner, patch });
      touched.push(stack);
      this.settle(stack);
    }
    return () => {
      for (const stack of touched) {
        stack.layers = stack.layers.filter((l) => l.owner !== owner);
        this.settle(stack);
      }
    };
  }

  /** The link's configuration is its baseline under every active patch, oldest first. */
  private settle(stack: LinkStack): void {
    const config = stack.layers.reduce((c, l) => applyPatch(c, l.patch), stack.baseline);
    // A full configuration: setLink merges onto the current one, so every field is replaced.
    this.world.network.setLink(stack.from, stack.to, config);
    if (stack.layers.length === 0) this.stacks.delete(`${stack.from}>${stack.to}`);
  }
}
