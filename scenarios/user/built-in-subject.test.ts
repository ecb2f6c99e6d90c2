/**
 * A built-in design runs through the very path a user's system runs through: `runSubject`, which
 * `run()`, `sweep --system` and the scorecard reach through `runOnInstance`. Its registry entry is
 * a contract design as a user's is (a `DesignDefinition` whose builder gives a `SystemBuilder`);
 * built with a knob setting, it is pointed at a catalogue hazard and judged like any user's system.
 */
import { describe, expect, it } from 'vitest';
import { RAFT_LOCK_SERVICE } from '../../core/designs/raft-lock-service/knobs.js';
import { MS } from '../../sim/time.js';
import { builtIn } from '../harness/designs/index.js';
import { findHazard } from './hazards.js';
import { designSubject, runSubject } from './run.js';

const SERVERS = ['n1', 'n2', 'n3'];

/** The registry's Raft lock service with `knobs`, sized as a user's system with a 1 s lease. */
function raftLockService(knobs: Record<string, string>) {
  const params = { servers: SERVERS, timing: { sessionTtlNs: 1000 * MS, lockDelayNs: 200 * MS }, resource: true };
  return designSubject(builtIn(RAFT_LOCK_SERVICE), knobs, params, { servers: SERVERS, leaseMs: 1000, recoveryMs: 10_000 });
}

describe('a registered design, run as a user system is run', () => {
  const hazard = findHazard('gc-pause-zombie')!;
  // Seed 8 is one on which the user path's pauses catch the zombie (found over seeds 1..12).
  const seed = 8;

  it('with every knob safe, survives gc-pause-zombie and is judged clean', () => {
    const outcome = runSubject(raftLockService({}), hazard, { seed });
    expect(outcome.params).toMatchObject({ system: RAFT_LOCK_SERVICE, hazard: 'gc-pause-zombie', servers: 3 });
    expect(outcome.record.grants?.length).toBeGreaterThan(10);
    expect(outcome.violations).toEqual([]);
    expect(outcome.valid).toBe(true);
  });

  it("with an unfenced resource (the knob's unsafe value), the paused zombie's write is caught", () => {
    const outcome = runSubject(raftLockService({ resource: 'none' }), hazard, { seed });
    expect(outcome.valid).toBe(false);
    expect(outcome.violations.map((v) => v.kind)).toContain('ME-effect');
  });

  it('refuses a knob value the design does not list, naming it, before anything runs', () => {
    expect(() => raftLockService({ resource: 'sometimes' })).toThrow(/knob "resource" cannot be "sometimes"/);
  });
});
