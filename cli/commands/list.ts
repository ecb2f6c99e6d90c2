/** `lockstep list`: scenarios, their designs and expectations. */
import { SCENARIOS } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/scenario.js';

/** Text width of `list`: long titles wrap under their name instead of running off the screen. */
const WIDTH = 100;

/**
 * Where a scenario comes from, in public terms: the catalogue hazard number and the public
 * sources (a paper, an issue, a product's docs), without the project's internal design notes.
 */
export function publicOrigin(s: Scenario): string {
  const inner = /\((.*)\)\s*$/.exec(s.source)?.[1] ?? '';
  const publicParts = inner
    .split(/,\s*/)
    .map((p) => p.trim().replace(/^seeds? [\d/]+:?\s*/, ''))
    .filter((p) => p !== '' && !/^\d{3}$/.test(p) && !/^scheme [a-z]$/.test(p));
  const head = s.caseNumber !== undefined ? `catalogue hazard ${s.caseNumber}` : s.source.replace(/^issue:\s*/, '');
  return publicParts.length > 0 ? `${head} (${publicParts.join(', ')})` : head;
}

function wrap(text: string, indent: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

export function listScenarios(json: boolean): void {
  if (json) {
    const doc = SCENARIOS.map((s) => ({
      name: s.name,
      title: s.title,
      origin: publicOrigin(s),
      supported: s.unsupported === undefined,
      unsupported: s.unsupported,
      catchWithin: s.catchWithin,
      takesSchedule: Boolean(s.takesSchedule),
      designs: s.designs.map((d) => ({
        name: d.name,
        kind: d.kind,
        description: d.description,
        expectation: d.kind === 'safe' ? 'clean on every seed' : `caught (${(d.expectKinds ?? []).join(', ')})`,
      })),
    }));
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return;
  }
  const out: string[] = [];
  for (const s of SCENARIOS) {
    const status = s.unsupported ? `  [not yet supported: ${s.unsupported}]` : '';
    const head = `${s.name}  `;
    out.push(head + wrap(`${s.title}${status}`, ' '.repeat(head.length), WIDTH).join('\n'));
    for (const d of s.designs) {
      const expect = d.kind === 'safe' ? 'must be clean on every seed' : `must be caught: ${(d.expectKinds ?? []).join(', ')}`;
      out.push(`    --design ${d.name.padEnd(22)} ${expect}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}
