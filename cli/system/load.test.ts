import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findHazard } from '../../scenarios/user/hazards.js';
import { runUserHazard } from '../../scenarios/user/run.js';
import { BadInputError } from '../errors.js';
import { loadSystemModule } from './load.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'lockstep-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function moduleFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function loadError(path: string): string {
  try {
    loadSystemModule(path);
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`${path} loaded`);
}

describe("loading a user's system module", () => {
  it('loads a TypeScript module and every system it exports', () => {
    const module = loadSystemModule(join(fixtures, 'simple-lock.ts'));
    expect(module.systems.map((s) => s.name)).toEqual(['monotonic-lock', 'wall-lock']);
  });

  it('gives the same run for the same seed, each in a fresh realm', () => {
    const module = loadSystemModule(join(fixtures, 'simple-lock.ts'));
    const hazard = findHazard('zk-session-jitter')!;
    const a = runUserHazard(() => module.instantiate('monotonic-lock'), hazard, { seed: 3, traceLevel: 'none' }).outcome!;
    const b = runUserHazard(() => module.instantiate('monotonic-lock'), hazard, { seed: 3, traceLevel: 'none' }).outcome!;
    expect(a.stats.events).toBeGreaterThan(1000);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.record.history).toEqual(a.record.history);
  });

  it('runs callback-style systems too', () => {
    const module = loadSystemModule(join(fixtures, 'simple-lock-callback.ts'));
    const outcome = runUserHazard(() => module.instantiate('callback-lock'), findHazard('zk-session-jitter')!, { seed: 3, traceLevel: 'none' }).outcome!;
    expect(outcome.record.history.filter((o) => o.type === 'ok').length).toBeGreaterThan(10);
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.ts'), /no such file/],
    ['a file that is not a module', () => moduleFile('x.txt', 'hello'), /not a module/],
    ['a module that does not compile', () => moduleFile('bad.ts', 'export default ('), /does not compile: .*bad\.ts:\d/],
    ['a module with no system', () => moduleFile('none.js', 'export const x = 1;'), /exports no system/],
    ['a module that throws as it loads', () => moduleFile('throws.js', "throw new Error('kaput');"), /does not load: kaput/],
    ['a system without a client', () => moduleFile('half.ts', "import { defineSystem } from 'lockstep';\nexport default defineSystem({ name: 'h', capabilities: ['mutex'], server: async () => {} } as never);"), /give exactly one of client/],
    ['an unknown capability', () => moduleFile('cap.ts', "import { defineSystem } from 'lockstep';\nexport default defineSystem({ name: 'c', capabilities: ['teleport'], server: async () => {}, client: () => ({}) } as never);"), /unknown capability "teleport"/],
    ['a module that imports real I/O', () => moduleFile('io.js', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"), /refused: called require\("node:fs"\)/],
    ['a module that reads the clock as it loads', () => moduleFile('clock.js', 'export const t = Date.now();'), /refused: called Date\.now\(\)/],
  ])('refuses %s in one line', (_what, make, pattern) => {
    expect(loadError(make())).toMatch(pattern);
  });
});
