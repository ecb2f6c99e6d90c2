import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertWellFormed, checkLinearizable, checkRun, formatHistoryEdn, parseHistory } from './index.js';

const fixture = readFileSync(join(import.meta.dirname, 'io', 'fixtures', 'etcd-cas-register.edn'), 'utf8');

describe('the checker barrel, end to end on a Jepsen history', () => {
  const history = parseHistory(fixture, { source: 'history.edn', independent: true });

  it('reads the etcd register history and finds each key linearizable', () => {
    assertWellFormed(history);
    const result = checkLinearizable(history, 'cas-register');
    expect(result.valid).toBe(true);
    expect(result.partitions.map((p) => p.key).sort()).toEqual(['0', '1']);
  });

  it('catches the same history once a read is made impossible', () => {
    const broken = parseHistory(fixture.replace(':value [0 3], :process 7, :time 15044470187', ':value [0 4], :process 7, :time 15044470187'), {
      format: 'edn',
      independent: true,
    });
    const result = checkLinearizable(broken, 'cas-register');
    expect(result.valid).toBe(false);
    expect(result.violations.map((v) => v.kind)).toEqual(['LIN']);
  });

  it('has nothing for the lock validators to judge in a register history, and says so', () => {
    const r = checkRun({ history }, { liveness: { boundNs: 1e9 } });
    expect(r.valid).toBe('unknown');
    expect(r.unknownBecause).toHaveLength(7);
    expect(r.judged).toEqual([]);
    expect(Object.keys(r.skipped)).toHaveLength(7);
  });

  it('writes the history back for Knossos', () => {
    expect(parseHistory(formatHistoryEdn(history, { independent: true }), { format: 'edn', independent: true })).toEqual(history);
  });
});
