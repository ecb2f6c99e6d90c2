/**
 * Which hazards a user's system can be run against, and how. The hazards are the catalogue's own
 * records (scenarios/catalogue's `HAZARDS`, core/contract's `HazardRecord`): a hazard added to the
 * catalogue reaches users' sweeps with no edit here. Only the records' data is read (name, needs,
 * faults, bias, workload, validators); how the catalogue builds its own designs stays its own.
 *
 * A record says what it needs (a mutex, a try-lock with TTL, leader election, a key-value store,
 * the protected resource); a system meets a need with what it offers, where one capability gives
 * another the way applications build them (a mutex by spinning on a try-lock or by leading an
 * election; an election by holding a mutex). The judges are the record's validators less those a
 * user's system cannot feed (the harness cannot see its replicas; tokens that do not fence are not
 * judged as fencing tokens).
 */
import type { Capability } from '../../core/contract/index.js';
import type { ValidatorName } from '../../checker/validators/index.js';
import type { FaultKind } from '../../nemesis/kinds.js';
import { HAZARDS } from '../catalogue/index.js';
import type { SystemDefinition } from './define.js';

/** The kind of workload a hazard runs, as a user's system sees it. */
export type WorkloadFamily = 'lock' | 'ttl' | 'election' | 'kv';

/** A hazard record's data, without the catalogue's own way of building its designs. */
export interface UserHazardRecord {
  readonly case: number;
  readonly name: string;
  readonly title: string;
  readonly needs: readonly Capability[];
  readonly faults: readonly FaultKind[];
  readonly bias: Readonly<Partial<Record<FaultKind, number>>>;
  readonly workload: string;
  readonly validators: readonly ValidatorName[];
}

/**
 * The family of each catalogue workload. A record that runs several workloads side by side
 * ("mutex + ttl-lock") names its main one first; a user's system runs that one.
 */
const FAMILY_OF_WORKLOAD: Readonly<Record<string, WorkloadFamily>> = {
  'lock-counter': 'lock',
  mutex: 'lock',
  'lock-fenced-writes': 'lock',
  'fenced-writes': 'lock',
  'ttl-lock': 'ttl',
  'careful-ttl-owner': 'ttl',
  'leader-election': 'election',
  'kv-register': 'kv',
  'readers-and-writers': 'kv',
};

/** A workload this table does not know yet: the family its needs point at. */
function familyOfNeeds(needs: readonly Capability[]): WorkloadFamily {
  if (needs.includes('mutex')) return 'lock';
  if (needs.includes('leader-election')) return 'election';
  if (needs.includes('try-lock-ttl')) return 'ttl';
  if (needs.includes('kv-cas')) return 'kv';
  return 'lock';
}

/** The family a record's workload runs as on a user's system. */
export function familyOf(record: Pick<UserHazardRecord, 'workload' | 'needs'>): WorkloadFamily {
  const main = record.workload.split('+')[0]!.trim();
  return FAMILY_OF_WORKLOAD[main] ?? familyOfNeeds(record.needs);
}

/** A hazard as the user runner runs it. */
export interface UserHazard {
  record: UserHazardRecord;
  family: WorkloadFamily;
  /** The nemesis's faults (membership changes need a system that can add voters: left out). */
  faults: FaultKind[];
}

/** Every capability that is a lock of some kind: each can express the others' hazards. */
const LOCKS: readonly Capability[] = ['mutex', 'try-lock-ttl', 'leader-election'];

/**
 * What meets a capability a hazard needs. A lock hazard (a mutex, a try-lock with TTL, an
 * election) runs on any lock: a try-lock gives a mutex by spinning, an election is holding a
 * mutex, and a hazard written for a TTL lock (its clocks, pauses and delays) runs on a mutex or an
 * election as the acquire-hold-release or the election workload (`familyFor`). A key-value hazard needs a
 * key-value store. The protected resource (`fenced-resource` as a need: the workload writes it) is
 * the harness's own and every system's clients reach it; whether it checks tokens is what a
 * system's `fenced-resource` capability says.
 */
const MET_BY: Readonly<Record<Capability, readonly Capability[] | 'harness'>> = {
  mutex: LOCKS,
  'try-lock-ttl': LOCKS,
  'leader-election': LOCKS,
  'kv-cas': ['kv-cas'],
  'fenced-resource': 'harness',
};

/**
 * The workload a hazard runs on a system: the record's own, except that a TTL-lock hazard on a
 * system without a try-lock runs the acquire-hold-release workload over its mutex, or, on a system
 * that only elects leaders, the election workload (leaders that act while they believe they lead).
 */
export function familyFor(system: Pick<SystemDefinition, 'capabilities'>, hazard: UserHazard): WorkloadFamily {
  if (hazard.family !== 'ttl' || system.capabilities.includes('try-lock-ttl')) return hazard.family;
  return system.capabilities.includes('mutex') ? 'lock' : 'election';
}

function recordOf(h: (typeof HAZARDS)[number]): UserHazardRecord {
  return { case: h.case, name: h.name, title: h.title, needs: h.needs, faults: h.faults, bias: h.bias, workload: h.workload, validators: h.validators };
}

/** Every catalogue hazard, in table order. */
export function userHazards(records: readonly UserHazardRecord[] = HAZARDS.map(recordOf)): UserHazard[] {
  return records.map((record) => ({
    record,
    family: familyOf(record),
    faults: record.faults.filter((f) => f !== 'membership'),
  }));
}

export function findHazard(name: string): UserHazard | undefined {
  return userHazards().find((h) => h.record.name === name);
}

/** Null when the system meets every need of the hazard; otherwise the first capability it lacks. */
export function missingCapability(system: Pick<SystemDefinition, 'capabilities'>, hazard: UserHazard): Capability | null {
  for (const need of hazard.record.needs) {
    const by = MET_BY[need];
    if (by === 'harness') continue;
    if (!by.some((c) => system.capabilities.includes(c))) return need;
  }
  return null;
}

/** Validators the harness can feed from a user's system, and why the others are left out. */
export function judgesFor(system: Pick<SystemDefinition, 'capabilities'>, hazard: UserHazard): { validators: ValidatorName[]; notJudged: Record<string, string> } {
  const fenced = system.capabilities.includes('fenced-resource');
  const family = familyFor(system, hazard);
  const hasResource = family === 'lock' || family === 'election';
  const validators: ValidatorName[] = [];
  const notJudged: Record<string, string> = {};
  for (const v of hazard.record.validators) {
    if (v === 'replica-agreement') notJudged[v] = 'the harness cannot read a user system\'s replicas';
    else if (v === 'lease-audit') notJudged[v] = 'needs the server\'s lease accounting, which a user system does not report';
    else if ((v === 'fencing' || v === 'effect-overlap') && !fenced) notJudged[v] = 'the system does not claim fencing tokens (capability fenced-resource)';
    else if ((v === 'lost-update' || v === 'effect-overlap' || v === 'fencing') && !hasResource) notJudged[v] = 'this workload writes no protected resource';
    else validators.push(v);
  }
  return { validators, notJudged };
}
