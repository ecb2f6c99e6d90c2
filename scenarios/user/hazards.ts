/**
 * Which hazards a user's system can be run against, and how: a hazard record says what it needs
 * (a lock, a try-lock with TTL, leader election, a key-value store); a system meets a need with
 * what it offers, where one capability gives another the way applications build them (a mutex by
 * spinning on a try-lock or by leading an election; an election by holding a mutex). The judges
 * are the record's validators less those a user's system cannot feed (the harness cannot see its
 * replicas; tokens that do not fence are not judged as fencing tokens).
 */
import type { Capability } from '../../core/contract/index.js';
import type { ValidatorName } from '../../checker/validators/index.js';
import type { FaultKind } from '../../nemesis/kinds.js';
import { CATALOGUE_RECORDS, type UserHazardRecord } from './catalogue-records.js';
import type { SystemDefinition } from './define.js';

/** The kind of workload a hazard runs, as a user's system sees it. */
export type WorkloadFamily = 'lock' | 'ttl' | 'election' | 'kv';

const FAMILY_OF_WORKLOAD: Record<string, WorkloadFamily> = {
  'lock-counter': 'lock',
  mutex: 'lock',
  'fenced-writes': 'lock',
  'ttl-lock': 'ttl',
  'leader-election': 'election',
  'kv-register': 'kv',
  'readers-and-writers': 'kv',
};

/** A hazard as the user runner runs it. */
export interface UserHazard {
  record: UserHazardRecord;
  family: WorkloadFamily;
  /** The nemesis's faults (membership changes need a system that can add voters: left out). */
  faults: FaultKind[];
}

/** What can stand in for a capability a hazard needs. */
const MET_BY: Record<Capability, readonly Capability[]> = {
  mutex: ['mutex', 'try-lock-ttl', 'leader-election'],
  'try-lock-ttl': ['try-lock-ttl'],
  'kv-cas': ['kv-cas'],
  'leader-election': ['leader-election', 'mutex', 'try-lock-ttl'],
  'fenced-resource': ['fenced-resource'],
};

/** Every catalogue hazard, in table order. */
export function userHazards(): UserHazard[] {
  return CATALOGUE_RECORDS.map((record) => ({
    record,
    family: FAMILY_OF_WORKLOAD[record.workload] ?? 'lock',
    faults: (record.faults as FaultKind[]).filter((f) => f !== 'membership'),
  }));
}

export function findHazard(name: string): UserHazard | undefined {
  return userHazards().find((h) => h.record.name === name);
}

/** Null when the system meets every need of the hazard; otherwise the capability it lacks. */
export function missingCapability(system: Pick<SystemDefinition, 'capabilities'>, hazard: UserHazard): Capability | null {
  for (const need of hazard.record.needs) {
    if (!MET_BY[need].some((c) => system.capabilities.includes(c))) return need;
  }
  return null;
}

/** Validators the harness can feed from a user's system, and why the others are left out. */
export function judgesFor(system: Pick<SystemDefinition, 'capabilities'>, hazard: UserHazard): { validators: ValidatorName[]; notJudged: Record<string, string> } {
  const fenced = system.capabilities.includes('fenced-resource');
  const hasResource = hazard.family === 'lock' || hazard.family === 'election';
  const validators: ValidatorName[] = [];
  const notJudged: Record<string, string> = {};
  for (const v of hazard.record.validators as ValidatorName[]) {
    if (v === 'replica-agreement') notJudged[v] = 'the harness cannot read a user system\'s replicas';
    else if (v === 'lease-audit') notJudged[v] = 'needs the server\'s lease accounting, which a user system does not report';
    else if ((v === 'fencing' || v === 'effect-overlap') && !fenced) notJudged[v] = 'the system does not claim fencing tokens (capability fenced-resource)';
    else if ((v === 'lost-update' || v === 'effect-overlap' || v === 'fencing') && !hasResource) notJudged[v] = 'this workload writes no protected resource';
    else validators.push(v);
  }
  return { validators, notJudged };
}
