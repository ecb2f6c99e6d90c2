/**
 * Case 12 `suspended-ignored` (seed 003, Curator): leader election through a lock. The leader's
 * connection to the service goes SUSPENDED (no keep-alive answered for 2/3 of the session); the
 * service may already consider the session dead. Curator's advice is to treat SUSPENDED as loss.
 *
 * - unsafe: the application keeps acting as leader through SUSPENDED and stops only at LOST
 *   (`onSuspended: 'wait-for-lost'`); the library believes through SUSPENDED (`'ignore'`), and
 *   LOST comes as Curator 3.x makes it (`lostAfter: 'timeout-after-suspended'`): a full session
 *   timeout after SUSPENDED, that is 5/3 of a session after the last answer, when the server
 *   ended the session after one;
 * - safe: SUSPENDED is loss: the application stops at once (`'stop'`, library `'treat-as-lost'`;
 *   LOST at the believed lease end, which it no longer needs).
 *
 * With the library's own LOST (the believed lease end, before the server can end the session) an
 * application that waits for LOST would be safe; the hazard is that LOST, as ZooKeeper clients
 * learn it, comes late: from a timer started at the disconnection, or from the server only when
 * the client reconnects.
 *
 * The nemesis holds up what clients send to the servers (clogs longer than a session) and delays
 * packets. Judged by the applications' own "I lead" beliefs (ME-belief: two leaders) and
 * liveness.
 */
import { intBetween } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import { runLockScenario } from '../../harness/lock-run.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../../scenario.js';
import { leaderElectionWorkload } from '../../workloads/leader-election.js';
import { clientIds, designOf, faultPhaseFor, fencingCell, livenessBound, SERVERS } from './cell.js';

const MAX_CLOG_NS = 3 * SEC;

const DESIGNS: DesignSpec[] = [
  {
    name: 'unsafe',
    kind: 'unsafe',
    description: 'the leader keeps acting while its connection is SUSPENDED and stops only when the session is LOST',
    expectKinds: ['ME-belief'],
  },
  {
    name: 'safe',
    kind: 'safe',
    description: 'SUSPENDED is treated as loss: the leader stops acting at once',
  },
];

function run(options: RunOptions): RunOutcome {
  const design = designOf('suspended-ignored', options.design, ['unsafe', 'safe']);
  const rng = new World({ seed: options.seed, trace: 'none' }).random.stream('scenario');
  const clients = clientIds(intBetween(rng, 2, 4));
  const sessionTtlNs = 1 * SEC;
  // A ZooKeeper recipe: an ephemeral node's lock is free the moment its session ends.
  const lockDelayNs = 0;
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const boundNs = livenessBound(sessionTtlNs, lockDelayNs, MAX_CLOG_NS);
  return runLockScenario(
    {
      params: { servers: SERVERS.length, clients: clients.length, sessionTtlMs: sessionTtlNs / MS, lockDelayMs: lockDelayNs / MS },
      servers: SERVERS,
      clients,
      resource: RESOURCE_ID,
      system: fencingCell({
        clients,
        sessionTtlNs,
        lockDelayNs,
        resource: 'none',
        client: { design: design === 'safe' ? { onSuspended: 'treat-as-lost' } : { onSuspended: 'ignore', lostAfter: 'timeout-after-suspended' } },
      }),
      workload: (stopAt) =>
        leaderElectionWorkload({
          lock: 'leader',
          key: 'leader-log',
          stopAt,
          termMeanNs: 2 * SEC,
          actEveryNs: 50 * MS,
          thinkMeanNs: 100 * MS,
          retryMeanNs: 100 * MS,
          onSuspended: design === 'safe' ? 'stop' : 'wait-for-lost',
        }),
      nemesis: {
        kinds: ['clog', 'delay'],
        weights: { clog: 3 },
        // A client's messages to a server held up for longer than a session: the server hears
        // nothing and ends the session while the client is merely SUSPENDED.
        clogLinks: { from: clients, to: SERVERS },
        bounds: { durationNs: { min: 500 * MS, max: 4 * SEC }, clogNs: { min: 1 * SEC, max: MAX_CLOG_NS }, delayMeanNs: { min: 2 * MS, max: 200 * MS } },
      },
      faultPhaseNs,
      livenessPhaseNs: boundNs + 3 * SEC,
      livenessBoundNs: boundNs,
      validators: ['belief-overlap', 'liveness'],
    },
    options,
  );
}

export const suspendedIgnored: Scenario = {
  name: 'suspended-ignored',
  title: 'a leader keeps acting while its connection is SUSPENDED, waiting for LOST',
  source: 'cases.md row 12 (seed 003, Curator)',
  caseNumber: 12,
  designs: DESIGNS,
  catchWithin: { from: 1, to: 100 },
  takesSchedule: true,
  run,
};
