/**
 * `lockstep list`: scenarios, their designs and expectations, then what each violation kind an
 * expectation names means (the table the reports use, reports/violation-kinds.ts).
 */
import { VIOLATION_KINDS } from '../../reports/violation-kinds.js';
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

/** The kinds as `list --json` gives them. */
function kindsDoc(): { kind: string; name: string; promise: string; checkedBy: string }[] {
  return VIOLATION_KINDS.map((k) => ({ kind: k.kind, name: k.name, promise: k.promise, checkedBy: k.checkedBy }));
}

/** The kinds as text, under the scenarios: the abbreviation, its name and promise, and its checker. */
function kindsText(): string[] {
  const width = Math.max(...VIOLATION_KINDS.map((k) => k.kind.length)) + 2;
  const indent = ' '.repeat(2 + width);
  const out = ['', 'Violation kinds (what "must be caught: ME-belief, LW" and a run\'s [kind] lines mean):'];
  for (const k of VIOLATION_KINDS) {
    out.push(`  ${k.kind.padEnd(width)}` + wrap(`${k.name}. ${k.promise}`, indent, WIDTH).join('\n'));
    out.push(indent + wrap(`Checked by ${k.checkedBy}.`, indent, WIDTH).join('\n'));
  }
  return out;
}

export function listScenarios(json: boolean): void {
  if (json) {
    const scenarios = SCENARIOS.map((s) => ({
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
    process.stdout.write(JSON.stringify({ scenarios, violationKinds: kindsDoc() }, null, 2) + '\n');
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
  out.push(...kindsText());
  process.stdout.write(out.join('\n') + '\n');
}
