/**
 * The final heal and the liveness phase that follows it. Every run ends with the heal: whatever
 * the faults did is undone at once, and then the system has a bounded time (which the scenario
 * states) to show it recovered. A safe design that stays stuck after the heal has a liveness bug.
 */
import type { World } from '../sim/world.js';
import { contextNodes, type NemesisContext } from './context.js';

/**
 * Heals everything a nemesis can break, in this order: the partition, held links (their queued
 * packets arrive now), link settings (back to the defaults, or to `ctx.healedNetwork`), clocks
 * (reset, then the design's own settings re-applied), paused processes (resumed; what waited
 * arrives in a burst), crashed ones (restarted from their disks, unless `ctx.keepDown` says the
 * node is down by design). Membership changes stay: they are the cluster's configuration, not a
 * fault. Traced as 'heal'; returns the heal time.
 */
export function finalHeal(world: World, ctx: NemesisContext): number {
  const time = world.now;
  ctx.recordOp?.({ process: 'nemesis', type: 'invoke', f: 'heal', value: null, time });
  if (world.network.grudgePairs().length > 0) world.healPartition();
  const releasedLinks = world.network.heldPairs().length;
  world.releaseAllLinks();
  world.network.resetLinks();
  if (ctx.healedNetwork) world.network.setDefaults(ctx.healedNetwork);
  const nodes = contextNodes(ctx).filter((id) => world.has(id));
  for (const id of nodes) {
    world.resetClock(id);
    const designed = ctx.designedClock?.(id);
    if (designed?.driftPpm !== undefined) world.setDrift(id, designed.driftPpm);
    if (designed?.wallDriftPpm !== undefined) world.setWallDrift(id, designed.wallDriftPpm);
    if (designed?.wallOffsetNs !== undefined) world.setWallOffset(id, designed.wallOffsetNs);
  }
  const resumed = nodes.filter((id) => world.status(id) === 'paused');
  for (const id of resumed) world.resume(id);
  const restarted = nodes.filter((id) => world.status(id) === 'down' && ctx.keepDown?.(id) !== true);
  for (const id of restarted) world.restart(id);
  const summary = { resumed, restarted, releasedLinks };
  world.trace.record(world.now, 'heal', undefined, '', summary);
  ctx.recordOp?.({ process: 'nemesis', type: 'info', f: 'heal', value: summary, time: world.now });
  return time;
}

export interface LivenessOutcome {
  /** Whether the system showed it recovered within the bound. */
  recovered: boolean;
  healAt: number;
  boundNs: number;
  /** How long recovery took after the heal; null when it did not come within the bound. */
  tookNs: number | null;
}

/**
 * Runs the world after the heal until `recovered()` holds (checked after each event) or the bound
 * passes. The world stops at the moment of recovery, or at `healAt + boundNs`.
 */
export function runLivenessPhase(world: World, healAt: number, boundNs: number, recovered: () => boolean): LivenessOutcome {
  const ok = world.runUntilTrue(recovered, healAt + boundNs);
  return { recovered: ok, healAt, boundNs, tookNs: ok ? world.now - healAt : null };
}
