/** What every catalogue scenario reads from its run options the same way. */
import type { RunOptions } from '../scenario.js';

/**
 * The fault phase of a run: a scripted schedule's own `healAt` (so that a short story runs
 * short), or the scenario's phase for random schedules. The schedule is validated later, with
 * line numbers; a text that does not parse here just keeps the default.
 */
export function faultPhaseFor(options: RunOptions, randomPhaseNs: number): number {
  if (!options.schedule) return randomPhaseNs;
  try {
    const healAt = (JSON.parse(options.schedule.text) as { healAt?: unknown }).healAt;
    return typeof healAt === 'number' && Number.isSafeInteger(healAt) && healAt > 0 ? healAt : randomPhaseNs;
  } catch {
    return randomPhaseNs;
  }
}
