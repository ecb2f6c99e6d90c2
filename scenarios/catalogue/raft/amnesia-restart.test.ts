import { describe, expect, it } from 'vitest';
import { amnesiaRestart } from './amnesia-restart.js';
import { kindsOf, runRandom, runScripted } from './testing/scripted.js';

describe('amnesia-restart (amnesia-restart)', () => {
  it('fsync "no": after a power cut the servers boot without the log they had committed, and write over it', () => {
    const out = runScripted(amnesiaRestart, 'unsafe');
    expect(kindsOf(out)).toEqual(expect.arrayContaining(['RAFT', 'FM']));
    expect(out.violations.some((v) => v.checker === 'raft:state-machine-safety')).toBe(true);
  });

  it('fsync once a second: the same power cut takes back the last half second, which was already committed', () => {
    const out = runScripted(amnesiaRestart, 'unsafe-everysec');
    expect(kindsOf(out)).toEqual(expect.arrayContaining(['RAFT', 'FM']));
    const lost = out.violations.find((v) => v.checker === 'raft:leader-completeness');
    expect(lost?.explanation).toMatch(/is leader of term \d+ without the entry at index \d+/);
  });

  it('fsync "always": the cell comes back from the power cut with everything it acknowledged', () => {
    const out = runScripted(amnesiaRestart, 'safe');
    expect(out.violations).toEqual([]);
    expect(out.valid).toBe(true);
  });

  it('random schedules: seed 8 catches both unsafe designs; the safe design is clean on it', () => {
    expect(kindsOf(runRandom(amnesiaRestart, 'unsafe', 8))).toContain('RAFT');
    expect(kindsOf(runRandom(amnesiaRestart, 'unsafe-everysec', 8))).toContain('RAFT');
    expect(runRandom(amnesiaRestart, 'safe', 8).valid).toBe(true);
  });
});
