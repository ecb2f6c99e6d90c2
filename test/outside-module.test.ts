/**
 * Proof that an outsider can do it: lockstep packed as a tarball, examples/redlock installed from
 * it in a folder outside the repository (a project of its own, as a user's would be), and its
 * sweep run with the installed command on two worker threads into the results store; the
 * scorecard must say what the example's README says.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'lockstep-outsider-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = promisify(execFile);

/** Runs a command without blocking the test worker (a blocked worker misses vitest's heartbeats). */
async function sh(cmd: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await run(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  return stdout;
}

describe('a project outside the repository', () => {
  it('installs lockstep from its tarball and scores examples/redlock', { timeout: 240_000 }, async () => {
    // dist/ is built (npm test builds first); packing runs no build of its own.
    const tarball = (await sh('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], repo)).trim().split('\n').pop()!;
    const project = join(work, 'redlock');
    cpSync(join(repo, 'examples', 'redlock'), project, { recursive: true });
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    pkg.dependencies.lockstep = `file:${join(work, tarball)}`;
    writeFileSync(join(project, 'package.json'), JSON.stringify(pkg, null, 2));
    await sh('npm', ['install', '--prefer-offline', '--no-package-lock', '--loglevel=error'], project);

    const hazards = 'lease-skew,amnesia-restart,fast-get-stale-read';
    let out = '';
    try {
      out = await sh('npx', ['lockstep', 'sweep', '--system', './redlock.ts', '--name', 'redlock', '--hazards', hazards, '--seeds', '1..20', '--jobs', '2', '--json'], project);
    } catch (err) {
      // Exit 1: the sweep caught something, as it should; the scorecard is on stdout.
      out = (err as { stdout: string }).stdout;
    }
    const card = JSON.parse(out.trim().split('\n').pop()!) as { jobs: number; out: string; systems: Array<{ name: string; hazards: Array<{ hazard: string; verdict: string; firstSeed?: number; kinds?: string[]; missing?: string; repro?: string }> }> };
    const byName = Object.fromEntries(card.systems[0]!.hazards.map((h) => [h.hazard, h]));
    expect(card.systems.map((s) => s.name)).toEqual(['redlock']);
    // Caught; which kind shows first depends on the seed's schedule (two believers, or a lock
    // history that is not linearizable).
    expect(byName['lease-skew']).toMatchObject({ verdict: 'caught' });
    expect((byName['lease-skew'] as { kinds?: string[] }).kinds!.length).toBeGreaterThan(0);
    expect(byName['amnesia-restart']).toMatchObject({ verdict: 'caught', kinds: expect.arrayContaining(['ME-belief']) });
    expect(byName['lease-skew']!.repro).toContain('npx lockstep run --system ./redlock.ts --name redlock --hazard lease-skew --seed');
    expect(byName['fast-get-stale-read']).toMatchObject({ verdict: 'not-applicable', missing: 'kv-cas' });
    // Written to the results store, as the built-in sweep's are: store/<system>/<timestamp>/.
    expect(card.jobs).toBe(2);
    expect(card.out).toMatch(/^store\/redlock\/\d{8}T\d{6}\.\d{3}Z$/);
    expect(readlinkSync(join(project, 'store', 'redlock', 'latest'))).toBe(card.out.split('/').pop());
    expect(readFileSync(join(project, 'store', 'latest', 'scorecard.html'), 'utf8')).toContain('lockstep scorecard');
    expect(JSON.parse(readFileSync(join(project, card.out, 'scorecard.json'), 'utf8'))).toMatchObject({ systems: [{ name: 'redlock' }] });
  });
});
