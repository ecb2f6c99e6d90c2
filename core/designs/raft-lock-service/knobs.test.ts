import { describe, expect, test } from 'vitest';
import { DEFAULT_LOCK_SERVICE_CONFIG, lockServiceConfig, type LockServiceConfig } from '../../lock/config.js';
import { RAFT_LOCK_SERVICE_KNOBS } from './knobs.js';

/** Knobs the scenario's own timing sets (ε, lock-delay), not a field of the lock configuration. */
const TIMING = new Set(['lock.epsilon', 'lock.lockDelay']);
/** What an unsafe value needs besides itself: leaving the token counter out of snapshots needs a counter. */
const NEEDS: Partial<Record<keyof LockServiceConfig, Partial<LockServiceConfig>>> = { snapshotOmits: { tokenSource: 'counter' } };
const lockKnobs = RAFT_LOCK_SERVICE_KNOBS.filter((k) => k.name.startsWith('lock.') && !TIMING.has(k.name));

describe("the Raft lock service's lock knobs are its configuration's fields", () => {
  test.each(lockKnobs.map((k) => [k.name, k] as const))('%s: the safe value is the default, every unsafe value a valid configuration', (name, knob) => {
    const field = name.slice('lock.'.length) as keyof LockServiceConfig;
    expect(DEFAULT_LOCK_SERVICE_CONFIG[field]).toEqual(knob.safe);
    for (const { value } of knob.unsafe) {
      const config = lockServiceConfig({ ...NEEDS[field], [field]: value } as Partial<LockServiceConfig>);
      expect(config[field]).toEqual(value);
      expect(DEFAULT_LOCK_SERVICE_CONFIG[field]).not.toEqual(value);
    }
  });
});
