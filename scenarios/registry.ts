/** Every scenario `lockstep list` shows, in the order it shows them. */
import { CATALOGUE } from './catalogue/index.js';
import { echoChaos } from './kernel/echo-chaos.js';
import { lockChaos } from './lock-chaos/scenario.js';
import { raftChaos } from './raft-chaos/scenario.js';
import { UnknownScenarioError, type Scenario } from './scenario.js';

export const SCENARIOS: readonly Scenario[] = [echoChaos, raftChaos, lockChaos, ...CATALOGUE];

export function getScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) {
    throw new UnknownScenarioError(`unknown scenario "${name}" (try: lockstep list)`);
  }
  return s;
}
