/**
 * `lockstep live ...`: the same workloads, nemesis, checkers and reports against real etcd,
 * ZooKeeper and Redis servers on this machine (see docs/live.md). Loaded only when a `live`
 * command runs, so the simulator never pulls in the real client libraries.
 */
import { netnsProblem, nftProblem } from '../../live/netns.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSweepReport } from '../../reports/index.js';
import type { SweepRow } from '../../reports/types.js';
import { scheduleToJson, type Schedule } from '../../nemesis/schedule.js';
import { installCommand, missing, MissingBinaryError, REQUIREMENTS, type RequirementName } from '../../live/binaries.js';
import { expectationWords, findTarget, TARGETS, type LiveRecipe, type LiveTarget } from '../../live/catalogue.js';
import { liveRun, NOT_DETERMINISTIC, type LiveRunOutput } from '../../live/run.js';
import { LiveInputError, parseDuration, randomLiveSchedule, scheduleFromText } from '../../live/schedules.js';
import { BadInputError, EXIT, exitCodeFor } from '../errors.js';
import { parseSeed, parseSeedRange } from '../parse.js';
import { renderRun } from '../render.js';
import { writeRunFolder, type RunResultDoc } from '../run-files.js';

export interface LiveRunArgs {
  target?: string;
  recipe?: string;
  hazard?: string;
  schedule?: string;
  seed?: string;
  seeds?: string;
  duration?: string;
  out?: string;
  json?: boolean;
}

function target(name: string | undefined): LiveTarget {
  if (name === undefined) throw new BadInputError(`live needs a target (${TARGETS.map((t) => t.name).join(', ')})`);
  const t = findTarget(name);
  if (!t) throw new BadInputError(`unknown live target "${name}" (targets: ${TARGETS.map((x) => x.name).join(', ')})`);
  return t;
}

function recipeOf(t: LiveTarget, name: string | undefined): LiveRecipe {
  if (name === undefined) throw new BadInputError(`live ${t.name} needs --recipe (${t.recipes.map((r) => r.name).join(', ')})`);
  const r = t.recipes.find((x) => x.name === name);
  if (!r) throw new BadInputError(`live target ${t.name} has no recipe "${name}" (recipes: ${t.recipes.map((x) => x.name).join(', ')})`);
  return r;
}

function installedWords(t: LiveTarget): string {
  const lacking = missing(t.requires);
  return lacking.length === 0 ? 'installed' : `missing ${lacking.map((r) => r.what).join(', ')} (${installCommand(lacking)})`;
}

export function liveList(json: boolean): number {
  const doc = TARGETS.map((t) => ({
    target: t.name,
    title: t.title,
    servers: t.servers,
    clients: t.clients,
    installed: missing(t.requires).length === 0,
    status: installedWords(t),
    clockFaults: t.clocks,
    links: t.links,
    recipes: t.recipes.map((r) => ({ name: r.name, description: r.description, resource: r.resource, expectation: expectationWords(r) })),
    hazards: t.hazards.map((h) => ({ name: h.name, description: h.description })),
    randomFaultKinds: t.randomKinds,
  }));
  if (json) {
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return EXIT.valid;
  }
  for (const t of TARGETS) {
    process.stdout.write(`${t.name}  ${t.title}\n    servers: ${installedWords(t)}\n`);
    process.stdout.write(`    clock faults: ${t.clocks.servers ? 'yes' : 'no'}: ${t.clocks.why}\n    network faults: ${t.links}\n`);
    for (const r of t.recipes) process.stdout.write(`    --recipe ${r.name.padEnd(15)} ${expectationWords(r).padEnd(34)} ${r.description}\n`);
    for (const h of t.hazards) process.stdout.write(`    --hazard ${h.name.padEnd(15)} ${h.description}\n`);
  }
  process.stdout.write(`\n${NOT_DETERMINISTIC}\n`);
  return EXIT.valid;
}

export function liveDoctor(): number {
  const all = Object.keys(REQUIREMENTS) as RequirementName[];
  const lacking = missing(all);
  for (const name of all) {
    const r = REQUIREMENTS[name];
    const at = r.find();
    process.stdout.write(`${at ? 'ok     ' : 'MISSING'} ${r.what}${at ? ` (${at})` : ` (Debian package ${r.apt})`}\n`);
  }
  for (const t of TARGETS) process.stdout.write(`target ${t.name}: ${installedWords(t)}\n`);
  const netns = netnsProblem();
  const nft = netns === null ? nftProblem() : null;
  process.stdout.write(netns === null ? 'ok      network namespaces: partitions between etcd members, ZooKeeper servers and Redis replicas are applied\n' : `note    ${netns}: faults between etcd members and ZooKeeper servers will be listed as not applied, and Redis replication links fall back to proxies\n`);
  if (netns === null) process.stdout.write(nft === null ? 'ok      nftables: holds, delays and loss between servers are applied (their links go through proxies)\n' : `note    ${nft}: until then they are listed as not applied\n`);
  if (lacking.length === 0) {
    process.stdout.write('everything the live targets need is installed\n');
    return EXIT.valid;
  }
  process.stdout.write(`install what is missing with: ${installCommand(lacking)}\n`);
  return EXIT.unknown;
}

function scheduleFor(t: LiveTarget, args: LiveRunArgs, seed: number, durationNs: number): { schedule: Schedule; source: string; flag: string } {
  if (args.hazard !== undefined && args.schedule !== undefined) throw new BadInputError('give --hazard or --schedule, not both');
  if (args.hazard !== undefined) {
    const h = t.hazards.find((x) => x.name === args.hazard);
    if (!h) throw new BadInputError(`live target ${t.name} has no hazard "${args.hazard}" (hazards: ${t.hazards.map((x) => x.name).join(', ')})`);
    return { schedule: h.schedule, source: `hazard ${h.name}`, flag: ` --hazard ${h.name}` };
  }
  if (args.schedule !== undefined) {
    let text: string;
    try {
      text = readFileSync(args.schedule, 'utf8');
    } catch {
      throw new BadInputError(`cannot read schedule file ${args.schedule}`);
    }
    return { schedule: scheduleFromText(t, text, args.schedule, durationNs), source: `file ${args.schedule}`, flag: ` --schedule ${args.schedule}` };
  }
  return { schedule: randomLiveSchedule(t, seed, durationNs), source: 'random (from the seed)', flag: args.duration ? ` --duration ${args.duration}` : '' };
}

async function runOne(t: LiveTarget, r: LiveRecipe, seed: number, args: LiveRunArgs, out: string, say: (l: string) => void): Promise<{ doc: RunResultDoc; run: LiveRunOutput }> {
  const durationNs = args.duration ? parseDuration(args.duration) : 20e9;
  const { schedule, source, flag } = scheduleFor(t, args, seed, durationNs);
  const run = await liveRun({ target: t, recipe: r, seed, schedule, scheduleSource: source, say, logsTo: join(out, 'logs') });
  const o = run.outcome;
  const doc: RunResultDoc & Record<string, unknown> = {
    scenario: `live/${t.name}`,
    design: r.name,
    seed,
    valid: o.valid,
    violations: o.violations,
    stats: o.stats,
    params: o.params,
    traceHash: o.traceHash,
    simTimeNs: o.simTimeNs,
    wallMs: run.wallMs,
    repro: `npx lockstep live run ${t.name} --recipe ${r.name}${flag} --seed ${seed}`,
    expectation: expectationWords(r),
    live: true,
    deterministic: false,
    expectationMet: run.expectationMet,
    notes: run.notes,
    about: run.notes.join(' '),
  };
  writeRunFolder(out, doc, o, renderRun);
  writeFileSync(join(out, 'schedule.json'), scheduleToJson(schedule));
  writeFileSync(join(out, 'schedule-executed.json'), JSON.stringify({ note: 'times are true ns from the start of the run, as they really happened', faults: run.executed }, null, 2) + '\n');
  return { doc, run };
}

function mapErrors<T>(f: () => Promise<T>): Promise<T> {
  return f().catch((err: unknown) => {
    if (err instanceof MissingBinaryError || err instanceof LiveInputError) throw new BadInputError(err.message);
    throw err;
  });
}

export async function liveRunCommand(args: LiveRunArgs): Promise<number> {
  return mapErrors(async () => {
    const t = target(args.target);
    const r = recipeOf(t, args.recipe);
    if (args.seed === undefined) throw new BadInputError('live run needs --seed <n>');
    const seed = parseSeed(args.seed);
    if (args.duration) parseDuration(args.duration);
    const out = args.out ?? join('out', 'live', t.name, r.name, String(seed));
    const say = (line: string): void => {
      if (!args.json) process.stdout.write(line + '\n');
    };
    say(`lockstep live run ${t.name} recipe=${r.name} seed=${seed}  (${NOT_DETERMINISTIC})`);
    const { doc, run } = await runOne(t, r, seed, args, out, say);
    if (args.json) {
      process.stdout.write(JSON.stringify({ ...doc, out }) + '\n');
    } else {
      say(doc.valid === true ? 'VALID: no violation found' : doc.valid === false ? `INVALID: ${doc.violations.length} violation(s)` : 'UNKNOWN: a checker could not decide');
      for (const v of doc.violations.slice(0, 20)) say(`  [${v.kind}] ${v.explanation}`);
      say(`expected ${doc.expectation}: ${run.expectationMet ? 'met' : 'NOT met'}`);
      for (const n of run.notes.slice(1)) say(`note: ${n}`);
      say(`run folder: ${out} (report: ${join(out, 'report.html')}); ${(run.wallMs / 1000).toFixed(1)} s`);
      say(`reproduce (same workload and faults, not the same interleaving): ${doc.repro}`);
    }
    return exitCodeFor(doc.valid);
  });
}

export async function liveSweepCommand(args: LiveRunArgs): Promise<number> {
  return mapErrors(async () => {
    const t = target(args.target);
    const recipes = args.recipe ? [recipeOf(t, args.recipe)] : t.recipes;
    if (args.seeds === undefined) throw new BadInputError('live sweep needs --seeds a..b');
    const { from, to } = parseSeedRange(args.seeds);
    if (args.duration) parseDuration(args.duration);
    const outRoot = args.out ?? join('out', 'live-sweep');
    const started = Date.now();
    const rows: (SweepRow & { wallMsPerRun: number[]; expectationMetPerSeed: boolean[] })[] = [];
    for (const r of recipes) {
      const row = { scenario: `live/${t.name}`, design: r.name, expectation: r.expectKinds.length === 0 ? 'clean' : 'caught', seedsRun: 0, violationsByKind: {} as Record<string, number>, seedsWithViolations: 0, met: false as boolean, firstCatch: null as number | null, catchFraction: 0, slowest: { seed: from, wallMs: 0 }, worst: { seed: from, violations: 0 }, failing: [] as SweepRow['failing'], wallMsPerRun: [] as number[], expectationMetPerSeed: [] as boolean[] } satisfies SweepRow & Record<string, unknown>;
      for (let seed = from; seed <= to; seed++) {
        const rel = join(t.name, r.name, String(seed));
        const { doc, run } = await runOne(t, r, seed, args, join(outRoot, rel), () => undefined);
        row.seedsRun++;
        row.wallMsPerRun.push(run.wallMs);
        row.expectationMetPerSeed.push(run.expectationMet);
        const kinds = [...new Set(doc.violations.map((v) => v.kind))];
        for (const v of doc.violations) row.violationsByKind[v.kind] = (row.violationsByKind[v.kind] ?? 0) + 1;
        const caught = r.expectKinds.some((k) => kinds.includes(k));
        if (doc.violations.length > 0) {
          row.seedsWithViolations++;
          row.failing.push({ seed, kinds, report: join(rel, 'report.html') });
        }
        if (caught && row.firstCatch === null) row.firstCatch = seed;
        if (run.wallMs > row.slowest.wallMs) row.slowest = { seed, wallMs: run.wallMs };
        if (doc.violations.length > row.worst.violations) row.worst = { seed, violations: doc.violations.length };
        if (!args.json) process.stdout.write(`live/${t.name} ${r.name} seed ${seed}: ${doc.valid === true ? 'valid' : doc.valid === false ? `INVALID (${kinds.join(', ')})` : 'unknown'}; ${(run.wallMs / 1000).toFixed(1)} s\n`);
      }
      row.catchFraction = row.seedsRun === 0 ? 0 : row.seedsWithViolations / row.seedsRun;
      const forbidden = row.failing.some((f) => f.kinds.some((k) => (r.forbidKinds as string[]).includes(k)));
      const met = r.expectKinds.length === 0 ? row.seedsWithViolations === 0 : row.firstCatch !== null && !forbidden;
      rows.push({ ...row, met });
    }
    const summary = { startedAtNote: `live sweep of ${t.name}; ${NOT_DETERMINISTIC}`, wallMs: Date.now() - started, seeds: args.seeds, rows };
    mkdirSync(outRoot, { recursive: true });
    writeFileSync(join(outRoot, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    writeFileSync(join(outRoot, 'index.html'), renderSweepReport(summary));
    if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      for (const row of rows) {
        const walls = row.wallMsPerRun;
        process.stdout.write(`${row.design}: caught on ${row.seedsWithViolations}/${row.seedsRun} seeds (first: ${row.firstCatch ?? 'none'}); wall per run ${(Math.min(...walls) / 1000).toFixed(1)}..${(Math.max(...walls) / 1000).toFixed(1)} s; expectation ${row.met ? 'met' : 'NOT met'}\n`);
      }
      process.stdout.write(`summary: ${join(outRoot, 'summary.json')}, report: ${join(outRoot, 'index.html')}\n`);
    }
    return rows.every((r) => r.met) ? EXIT.valid : EXIT.invalid;
  });
}
