/**
 * Runs every transcript of core/raft/testdata: each step's output must match what the file says
 * it prints. `REWRITE=1 npx vitest run core/raft/transcript.test.ts` rewrites the expectations
 * (then read the diff: it is the changed message flow).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTranscript, TranscriptRunner } from './testing/transcript.js';

const dir = join(import.meta.dirname, 'testdata');
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

describe('Raft transcripts (testdata/*.txt)', () => {
  it('has the five stories to start with', () => {
    expect(files).toEqual(['election.txt', 'log-divergence.txt', 'membership.txt', 'pre-vote.txt', 'snapshot.txt']);
  });

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const runner = new TranscriptRunner();
      const steps = parseTranscript(text);
      const actual = steps.map((s) => ({ ...s, actual: runner.run(s.command) }));
      if (process.env.REWRITE === '1') {
        writeFileSync(join(dir, file), rewrite(text, actual));
        return;
      }
      for (const s of actual) expect(s.actual, `${file}:${s.line}: ${s.command}`).toBe(s.expected);
    });
  }
});

/** The file with every step's output replaced by what it printed now; comments kept in place. */
function rewrite(text: string, steps: { line: number; actual: string }[]): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const step = steps.find((s) => s.line === i + 1);
    if (!step) {
      out.push(lines[i]!);
      continue;
    }
    out.push(lines[i]!, '----', ...step.actual.split('\n'));
    i += 2;
    while (i < lines.length && lines[i]!.trim() !== '') i++;
    out.push('');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
