/**
 * What a scenario tells the nemesis about its run: who the nodes are, who leads, how to change
 * membership, where nemesis operations go, and what "healthy" means for its network and clocks.
 */
import type { Op } from '../checker/history.js';
import type { LinkConfig } from '../sim/network.js';
import type { Topology } from './selectors.js';

/** A Jepsen nemesis operation: `invoke` then `info`, on process "nemesis" (the recorder numbers it). */
export type NemesisOp = Omit<Op, 'index' | 'process' | 'type'> & { process: 'nemesis'; type: 'invoke' | 'info' };

/** Clock settings a node keeps by design (not by fault), re-applied after the final heal. */
export interface DesignedClock {
  driftPpm?: number;
  wallDriftPpm?: number;
  wallOffsetNs?: number;
}

export interface NemesisContext {
  servers: readonly string[];
  clients: readonly string[];
  resource?: string;
  /** Who leads now, by the scenario's account; null when no one does. */
  leader(): string | null;
  /** Membership faults call these; without them, a schedule with such faults is refused. */
  addVoter?(id: string): void;
  removeVoter?(id: string): void;
  /** Receives every nemesis operation, in order (e.g. `recorder.nemesisOp(op.f, op.value, op.type)`). */
  recordOp?(op: NemesisOp): void;
  /** The network defaults the final heal restores (default: the defaults are left as they are). */
  healedNetwork?: Partial<LinkConfig>;
  /** Per-node clock settings that are part of the design, re-applied after the heal resets clocks. */
  designedClock?(id: string): DesignedClock | undefined;
  /** True for a node that is down by design (a spare not yet added); the heal leaves it down. */
  keepDown?(id: string): boolean;
}

export function topologyOf(ctx: NemesisContext): Topology {
  const topology: Topology = {
    servers: ctx.servers,
    clients: ctx.clients,
    canAddVoter: ctx.addVoter !== undefined,
    canRemoveVoter: ctx.removeVoter !== undefined,
  };
  if (ctx.resource !== undefined) topology.resource = ctx.resource;
  return topology;
}

export function contextNodes(ctx: NemesisContext): string[] {
  const out = [...ctx.servers, ...ctx.clients];
  if (ctx.resource !== undefined) out.push(ctx.resource);
  return out;
}
