/**
 * A run whose verdict is unknown says why in its sweep result line, in summary.json's failing
 * entries and in the printed summary, as result.json of `run` does.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Scenario } from '../../scenarios/scenario.js';

const WHY = 'lost-update: no counter workload ran, so no increment could be judged';

vi.mock('../../scenarios/registry.js', () => {
  const scenario: Scenario = {
    name: 'undecided',
    title: 'a scenario whose validator cannot judge',
    source: 'test',
    designs: [{ name: 'safe', kind: 'safe', description: 'safe' }],
    run: () => ({ valid: 'unknown', unknownBecause: [WHY], violations: [], params: {}, stats: {}, record: { history: [] } as never, trace: [], traceHash: '0123456789abcdef', simTimeNs: 1 }),
  };
  return { SCENARIOS: [scenario], getScenario: () => scenario };
});

describe('unknown verdicts in a sweep', () => {
  it('carry their reasons from the run to the result line, the row and the printed summary', async () => {
    const { runTask } = await import('./run-task.js');
    const { summarise } = await import('./summarise.js');
    const { renderSummaryText } = await import('./summary-text.js');
    const line = runTask({ scenario: 'undecided', design: 'safe', seed: 4, runDir: 'x', keepIfInvalid: false }, '/nonexistent');
    expect(line).toMatchObject({ valid: 'unknown', unknownBecause: [WHY] });
    const rows = summarise([line], [{ scenario: 'undecided', design: 'safe', designKind: 'safe', expectKinds: [] }]);
    expect(rows[0]?.failing[0]).toMatchObject({ seed: 4, unknownBecause: [WHY] });
    const text = renderSummaryText({ seeds: '4..4', jobs: 1, wallMs: 1, rows, results: [line], ok: false }, 'summary.json');
    expect(text).toContain(`  unknown: undecided [safe] seed 4: could not judge: ${WHY}`);
  });
});
