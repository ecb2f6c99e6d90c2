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

/**
 * `base` under `layers`, oldest first: per setting, the latest patch that sets it wins. One fresh
 * configuration per call, filled in place: links can carry dozens of overlapping faults, and a
 * copy per layer was a measurable share of raft-chaos.
 */
function overlay(base: LinkConfig, layers: readonly Layer[]): LinkConfig {
  const latency: LatencyConfig = { ...base.latency };
  const config: LinkConfig = { ...base, latency };
  for (const { patch } of layers) {
    for (const key in patch) {
      if (key === 'latency') Object.assign(latency, patch.latency);
      else (config as unknown as Record<string, unknown>)[key] = patch[key as keyof LinkPatch];
    }
  }
  return config;
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
    const config = overlay(stack.baseline, stack.layers);
    // A full configuration: setLink merges onto the current one, so every field is replaced.
    this.world.network.setLink(stack.from, stack.to, config);
    if (stack.layers.length === 0) this.stacks.delete(`${stack.from}>${stack.to}`);
  }
}
