import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../core/contract/capabilities.js';
import { isUnsafe } from '../../core/contract/design.js';
import { BUILT_IN_HAZARDS, knobsOf, settingOf } from '../../core/designs/registry.js';
import { readGolden } from '../../test/golden/golden.js';
import { HAZARDS } from './index.js';

const WORKLOAD_NEEDS: Record<string, readonly string[]> = {
  'lock-counter': ['mutex', 'fenced-resource'],
  'lock-fenced-writes': ['mutex', 'fenced-resource'],
  'leader-election': ['leader-election', 'fenced-resource'],
  'ttl-lock': ['try-lock-ttl'],
  'readers-and-writers': ['kv-cas'],
  mutex: ['mutex'],
  'kv-register': ['kv-cas'],
  'careful-ttl-owner': ['try-lock-ttl'],
};

describe('every hazard of the catalogue is a well-formed record', () => {
  it('numbers the hazards 1..n in table order, each name once', () => {
    expect(HAZARDS.map((h) => h.case)).toEqual(HAZARDS.map((_, i) => i + 1));
    expect(new Set(HAZARDS.map((h) => h.name)).size).toBe(HAZARDS.length);
  });

  it("sets each side's knobs from its design's table, and says what each unsafe side is caught by", () => {
    for (const h of HAZARDS) {
      expect(h.sides.some((s) => s.kind === 'safe') && h.sides.some((s) => s.kind === 'unsafe'), h.name).toBe(true);
      for (const side of h.sides) {
        expect(() => settingOf(side), `${h.name}/${side.name}`).not.toThrow();
        if (side.kind === 'unsafe') expect(side.expect?.length, `${h.name}/${side.name}`).toBeGreaterThan(0);
      }
    }
  });

  it('runs an unsafe side on an unsafe knob value, or on a design whose hazard no knob removes', () => {
    for (const h of HAZARDS) {
      for (const side of h.sides.filter((s) => s.kind === 'unsafe')) {
        const table = knobsOf(side.design);
        const setsUnsafe = Object.entries(side.knobs).some(([name, value]) => isUnsafe(table.find((k) => k.name === name)!, value));
        const builtIn = (BUILT_IN_HAZARDS.get(side.design) ?? []).some((b) => b.hazard === h.name);
        expect(setsUnsafe || builtIn, `${h.name}/${side.name}`).toBe(true);
      }
    }
  });

  it('needs the capabilities its workload uses, by their contract names', () => {
    for (const h of HAZARDS) {
      for (const need of h.needs) expect(CAPABILITIES, h.name).toContain(need);
      for (const part of h.workload.split(' + ')) for (const need of WORKLOAD_NEEDS[part] ?? ['?']) expect(h.needs, `${h.name}: ${part}`).toContain(need);
    }
  });

  it("tells a story whose side shows what the record says (seed 1 stories as the golden file pinned them)", () => {
    const golden = readGolden();
    for (const h of HAZARDS) {
      if (!h.story || h.story.seed !== 1) continue;
      const file = h.story.file.split('/').at(-1)!;
      const entry = golden[`${h.name}/${h.story.side}/1@${file}`];
      expect(entry?.kinds, h.name).toEqual([...h.story.shows].sort());
    }
  });
});
