/** The hazard catalogue (docs/hazards.md): every documented hazard as a scenario, in table order. */
import type { Scenario } from '../scenario.js';
import type { CatalogueHazard } from './record.js';
import { SCENARIOS as FAILOVER } from './failover/index.js';
import { SCENARIOS as FENCING } from './fencing/index.js';
import { SCENARIOS as LEASES } from './leases/index.js';
import { SCENARIOS as RAFT } from './raft/index.js';
import { SCENARIOS as STATE_MACHINE } from './state-machine/index.js';

/** The table's order: scenarios sort by their number in the catalogue. */
export const CATALOGUE: readonly Scenario[] = [...FENCING, ...LEASES, ...STATE_MACHINE, ...RAFT, ...FAILOVER].sort(
  (a, b) => (a.caseNumber ?? 99) - (b.caseNumber ?? 99),
);

/** The hazard record behind each catalogue scenario, in the same order. */
export const HAZARDS: readonly CatalogueHazard[] = CATALOGUE.flatMap((s) => {
  const hazard = (s as Scenario & { hazard?: CatalogueHazard }).hazard;
  return hazard ? [hazard] : [];
});
