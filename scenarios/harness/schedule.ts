/** The run's fault schedule: the seed's random swarm schedule, or a file the user gave. */
import { parseSchedule } from '../../nemesis/schedule.js';
import { randomSchedule, type GenerateOptions, type SwarmParams } from '../../nemesis/generate.js';
import type { Schedule } from '../../nemesis/schedule.js';
import type { Topology } from '../../nemesis/selectors.js';
import type { World } from '../../sim/world.js';
import type { RunOptions } from '../scenario.js';

export interface ChosenSchedule {
  schedule: Schedule;
  /** The swarm parameters the seed drew; null for a schedule file. */
  swarm: SwarmParams | null;
  source: string;
}

export function chooseSchedule(world: World, options: RunOptions, topology: Topology, generate: GenerateOptions): ChosenSchedule {
  if (options.schedule) {
    return { schedule: parseSchedule(options.schedule.text, options.schedule.file, topology), swarm: null, source: options.schedule.file };
  }
  const { schedule, swarm } = randomSchedule(world.random.stream('nemesis:schedule'), generate);
  return { schedule, swarm, source: 'random (seeded swarm)' };
}

/** Swarm parameters in a form that prints on one line each. */
export function swarmParams(swarm: SwarmParams | null): Record<string, unknown> {
  if (!swarm) return {};
  return {
    'nemesis.kinds': swarm.kinds.join(','),
    'nemesis.meanIntervalMs': Math.round(swarm.meanIntervalNs / 1e6),
    'nemesis.meanDurationMs': Math.round(swarm.meanDurationNs / 1e6),
    'nemesis.lossP': Number(swarm.lossP.toFixed(3)),
    'nemesis.driftPpm': Math.round(swarm.driftPpm),
    'nemesis.pauseMs': Math.round(swarm.pauseNs / 1e6),
    'nemesis.jumpMs': Math.round(swarm.jumpNs / 1e6),
    'nemesis.crashModes': swarm.crashModes.join(','),
    'nemesis.maxCrashedServers': swarm.maxCrashedServers,
  };
}
