/** `lockstep list`: scenarios, their designs and expectations. */
import { SCENARIOS } from '../../scenarios/registry.js';

export function listScenarios(json: boolean): void {
  if (json) {
    const doc = SCENARIOS.map((s) => ({
      name: s.name,
      title: s.title,
      source: s.source,
      supported: s.unsupported === undefined,
      unsupported: s.unsupported,
      catchWithin: s.catchWithin,
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
  for (const s of SCENARIOS) {
    const status = s.unsupported ? `  [not yet supported: ${s.unsupported}]` : '';
    process.stdout.write(`${s.name}  ${s.title}${status}\n`);
    for (const d of s.designs) {
      const expect = d.kind === 'safe' ? 'must be clean on every seed' : `must be caught: ${(d.expectKinds ?? []).join(', ')}`;
      process.stdout.write(`    --design ${d.name.padEnd(22)} ${expect}\n`);
    }
  }
}
