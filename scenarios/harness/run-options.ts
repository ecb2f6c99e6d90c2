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

/** Refuses a design name the scenario does not have (the command checks too; this guards direct calls). */
export function designOf<T extends string>(scenario: string, design: string, names: readonly T[]): T {
  if (!(names as readonly string[]).includes(design)) throw new Error(`${scenario} has no design ${design} (designs: ${names.join(', ')})`);
  return design as T;
}
