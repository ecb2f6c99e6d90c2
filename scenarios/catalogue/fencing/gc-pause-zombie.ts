/**
 * Case 1 `gc-pause-zombie` (seeds 004 and 002): a client takes the lock, reads the counter from
 * the protected resource, and is frozen (a GC pause, SIGSTOP) before it writes the counter back.
 * Its session runs out, the lock goes to the next client, which reads and writes; then the zombie
 * wakes up and writes the value it computed before the pause. No lease arithmetic can stop this:
 * the zombie has no chance to look at a clock between deciding to write and writing. Only the
 * resource can, by refusing a token lower than one it has already seen.
 *
 * - unsafe: the resource accepts any write (mode `none`);
 * - safe: the resource keeps the highest token seen (reads with a token count) and refuses lower
 *   ones, atomically with the write (mode `fenced`).
 *
 * Judged by what the resource let through (effect overlap, lost updates), fencing monotonicity
 * and liveness. Beliefs are not judged: a paused process believes through its pause in either
 * design, which is exactly why the fix belongs to the resource.
 */
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import { runLockScenario } from '../../harness/lock-run.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../../scenario.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { clientIds, designOf, faultPhaseFor, fencingCell, livenessBound, SERVERS } from './cell.js';

const DESIGNS: DesignSpec[] = [
  {
    name: 'unsafe',
    kind: 'unsafe',
    description: 'the resource accepts every write: a holder that wakes from a pause past its lease writes over its successor',
    expectKinds: ['ME-effect', 'LW'],
  },
  {
    name: 'safe',
    kind: 'safe',
    description: 'the resource keeps the highest token it has seen per lock and refuses lower ones, atomically with the write',
  },
];

function run(options: RunOptions): RunOutcome {
  const design = designOf('gc-pause-zombie', options.design, ['unsafe', 'safe']);
  const rng = new World({ seed: options.seed, trace: 'none' }).random.stream('scenario');
  const clients = clientIds(intBetween(rng, 3, 5));
  const sessionTtlNs = pick(rng, [500, 1000]) * MS;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const boundNs = livenessBound(sessionTtlNs, lockDelayNs, 0);
  return runLockScenario(
    {
      params: { servers: SERVERS.length, clients: clients.length, sessionTtlMs: sessionTtlNs / MS, lockDelayMs: lockDelayNs / MS, resource: design === 'safe' ? 'fenced' : 'none' },
      servers: SERVERS,
      clients,
      resource: RESOURCE_ID,
      system: fencingCell({ clients, sessionTtlNs, lockDelayNs, resource: design === 'safe' ? 'fenced' : 'none' }),
      // A long critical section between the read and the write: the window a pause must hit.
      workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, workMeanNs: 300 * MS }),
      nemesis: {
        kinds: ['pause'],
        // Mostly clients, the would-be zombies; sometimes a server, so the cell lives with both.
        victimWeights: { client: 6, server: 1, leader: 1, resource: 0 },
        bounds: { pauseNs: { min: 300 * MS, max: 5 * SEC }, intervalNs: { min: 300 * MS, max: 2 * SEC } },
      },
      faultPhaseNs,
      livenessPhaseNs: boundNs + 3 * SEC,
      livenessBoundNs: boundNs,
      validators: ['effect-overlap', 'lost-update', 'fencing', 'liveness'],
    },
    options,
  );
}

export const gcPauseZombie: Scenario = {
  name: 'gc-pause-zombie',
  title: 'a holder frozen past its lease wakes up and writes; only a fencing resource refuses it',
  source: 'cases.md row 1 (seeds 004, 002)',
  caseNumber: 1,
  designs: DESIGNS,
  catchWithin: { from: 1, to: 100 },
  takesSchedule: true,
  run,
};
