/**
 * Every hazard's nemesis also freezes any process now and then, whatever its case names: a long
 * GC pause or a stopped VM can hit a server, a client or the resource in any deployment, so a
 * safe design must stay safe through one, and a harness defect that only a pause shows (a belief
 * dated at the resume, say) cannot hide behind a narrowed nemesis.
 *
 * Pauses are one fault in five on rows that do not name them, drawn over every role; a row that
 * names pauses keeps its own weight for them, and its own larger weights for the roles it aims at.
 */
import { DEFAULT_VICTIM_WEIGHTS, type GenerateOptions, type VictimRole } from '../../nemesis/generate.js';
import type { FaultKind } from '../../nemesis/kinds.js';

/** The share of the faults that are pauses on a row that does not name them. */
const PAUSE_SHARE = 0.2;

type NemesisChoice = Pick<GenerateOptions, 'kinds' | 'weights' | 'victimWeights' | 'pauseVictimWeights'>;

/**
 * The row's kinds and bias with pauses of any process added: `pause` among the kinds, and every
 * role a pause may hit weighing at least 1.
 */
export function withAnyPause(faults: readonly FaultKind[], bias: Partial<Record<FaultKind, number>>, victimWeights?: Partial<Record<VictimRole, number>>): NemesisChoice {
  const named = faults.includes('pause');
  const kinds: FaultKind[] = named ? [...faults] : [...faults, 'pause'];
  const weights: Partial<Record<FaultKind, number>> = { ...bias };
  if (!named) {
    const others = faults.reduce((sum, k) => sum + (bias[k] ?? 1), 0);
    weights.pause = (others * PAUSE_SHARE) / (1 - PAUSE_SHARE);
  }
  const pauseVictimWeights = {} as Record<VictimRole, number>;
  for (const role of Object.keys(DEFAULT_VICTIM_WEIGHTS) as VictimRole[]) {
    pauseVictimWeights[role] = Math.max(1, victimWeights?.[role] ?? DEFAULT_VICTIM_WEIGHTS[role]);
  }
  return { kinds, weights, ...(victimWeights ? { victimWeights } : {}), pauseVictimWeights };
}
