import { describe, expect, it } from 'vitest';
import { HAZARDS } from '../catalogue/index.js';
import { familyFor, familyOf, judgesFor, missingCapability, userHazards, type UserHazardRecord } from './hazards.js';
import type { Capability } from '../../core/contract/index.js';

const system = (...capabilities: Capability[]) => ({ capabilities });
const hazard = (name: string) => userHazards().find((h) => h.record.name === name)!;

describe("the hazards a user's system is run against", () => {
  it('are the catalogue\'s own records, in table order, with their needs and faults', () => {
    expect(userHazards().map((h) => h.record.name)).toEqual(HAZARDS.map((h) => h.name));
    for (const [i, h] of userHazards().entries()) {
      expect(h.record.needs).toEqual(HAZARDS[i]!.needs);
      expect(h.record.validators).toEqual(HAZARDS[i]!.validators);
    }
  });

  it('include a record added to the catalogue with no edit here (its family from its workload, or else its needs)', () => {
    const added: UserHazardRecord = { case: 99, name: 'new-hazard', title: 't', needs: ['kv-cas'], faults: ['pause', 'membership'], bias: {}, workload: 'a-workload-not-seen-yet', validators: ['liveness'] };
    const [h] = userHazards([added]);
    expect(h).toMatchObject({ family: 'kv', faults: ['pause'] });
    expect(familyOf({ workload: 'mutex + ttl-lock', needs: ['mutex', 'try-lock-ttl'] })).toBe('lock');
  });

  it('run on a try-lock, a mutex or an election wherever a hazard needs a lock; the resource is the harness\'s', () => {
    for (const caps of [['try-lock-ttl'], ['mutex'], ['leader-election']] as Capability[][]) {
      expect(missingCapability(system(...caps), hazard('gc-pause-zombie'))).toBeNull();
    }
  });

  it('run a TTL-lock hazard on a mutex as acquire, hold, release, and on an election as leaders acting', () => {
    expect(missingCapability(system('leader-election'), hazard('lease-skew'))).toBeNull();
    expect(familyFor(system('leader-election'), hazard('lease-skew'))).toBe('election');
    expect(familyFor(system('mutex'), hazard('lease-skew'))).toBe('lock');
    expect(familyFor(system('try-lock-ttl'), hazard('lease-skew'))).toBe('ttl');
  });

  it('say which capability is missing when a hazard cannot run', () => {
    expect(missingCapability(system('try-lock-ttl'), hazard('fast-get-stale-read'))).toBe('kv-cas');
    expect(missingCapability(system('kv-cas'), hazard('gc-pause-zombie'))).toBe('mutex');
    expect(missingCapability(system('mutex', 'try-lock-ttl'), hazard('lost-reply-retry'))).toBe('kv-cas');
  });

  it('judge fencing only for systems whose tokens fence', () => {
    expect(judgesFor(system('try-lock-ttl'), hazard('gc-pause-zombie')).notJudged).toHaveProperty('fencing');
    expect(judgesFor(system('try-lock-ttl', 'fenced-resource'), hazard('gc-pause-zombie')).validators).toContain('fencing');
  });
});
