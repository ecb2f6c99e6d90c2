/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * One target's scripted story, run against its unsafe and its safe recipe, as vitest tests.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_CI, kindsOf, runStory, unavailable } from './run-cli.js';

export interface StoryCase {
  recipe: string;
  /** The kinds that must all be found (empty: the run must be valid). */
  kinds: string[];
  /** Kinds that must not be found. */
  never?: string[];
}

export interface StoryOptions {
  /** The target runs kv clients: their operations must have been judged for linearizability. */
  kv?: boolean;
}

const RUN_FILES = ['history.jsonl', 'trace.jsonl', 'result.json', 'report.html', 'schedule.json', 'schedule-executed.json'];

export function storySuite(target: string, hazard: string, cases: StoryCase[], options: StoryOptions = {}): void {
  const why = unavailable(target);
  if (why !== null && !IN_CI) {
    describe.skip(`live ${target} (skipped: ${why})`, () => {
      it('needs its servers', () => undefined);
    });
    process.stderr.write(`live ${target} tests skipped: ${why}\n`);
    return;
  }
  // The two recipes run side by side (each on its own cluster): a live run mostly waits.
  describe.concurrent(`live ${target}, the ${hazard} story`, () => {
    for (const c of cases) {
      const words = c.kinds.length === 0 ? 'is clean' : `is caught (${c.kinds.join(', ')})${c.never?.length ? ` but never ${c.never.join(', ')}` : ''}`;
      // A live run is not deterministic: measured over 10 repetitions, the etcd and Sentinel
      // stories meet their expectation 9 times in 10 (docs/live.md). A story passes when one of
      // two runs meets it, so that CI is red for a recipe that breaks, not for one unlucky run.
      it(`recipe ${c.recipe} ${words}`, { timeout: 170_000, retry: 1 }, async () => {
        if (why !== null) throw new Error(`in CI every live server must be installed: ${why}`);
        const run = await runStory(target, c.recipe, hazard);
        let passed = false;
        try {
          const kinds = kindsOf(run);
          for (const k of c.kinds) expect(kinds, `violations found: ${JSON.stringify(run.result.violations).slice(0, 1500)}`).toContain(k);
          for (const k of c.never ?? []) expect(kinds).not.toContain(k);
          if (c.kinds.length === 0) {
            expect(run.result.valid, JSON.stringify(run.result.violations).slice(0, 1500)).toBe(true);
            expect(run.code).toBe(0);
          } else {
            expect(run.code).toBe(1);
          }
          expect(run.result.expectationMet).toBe(true);
          if (options.kv) {
            const stats = (run.result as unknown as { stats: { kvOps: number; judged: string[] } }).stats;
            expect(stats.kvOps).toBeGreaterThan(20);
            expect(stats.judged).toContain('linearizability (kv)');
          }
          // The run folder has the simulator's shape, and says it is not deterministic.
          for (const f of RUN_FILES) expect(existsSync(join(run.dir, f)), f).toBe(true);
          expect(run.result.deterministic).toBe(false);
          expect(readFileSync(join(run.dir, 'report.html'), 'utf8')).toContain('not deterministic');
          passed = true;
        } finally {
          // A failing live run keeps its folder (with the servers' logs) for whoever looks next.
          if (passed) rmSync(dirname(run.dir), { recursive: true, force: true });
          else process.stderr.write(`live ${target} ${c.recipe}: run folder kept at ${run.dir}\n`);
        }
      });
    }
  });
}
