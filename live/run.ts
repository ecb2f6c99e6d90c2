/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * One live run: start the target's real cluster on loopback, a proxy per client-to-server link,
 * one process per client; run the workload while the nemesis executes the schedule; heal, give
 * the liveness phase its time, stop everything and judge the record with the simulator's own
 * checkers. Whatever happens (an error, Ctrl-C, SIGTERM), every process the run started is
 * stopped and its folder removed; if lockstep itself is killed, the watchdog does it.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Belief, Op, RunRecord, Violation } from '../checker/history.js';
import { checkLinearizable } from '../checker/lin/index.js';
import { checkBeliefOverlap, checkRun } from '../checker/validators/index.js';
import type { Schedule } from '../nemesis/schedule.js';
import type { Topology } from '../nemesis/selectors.js';
import { RandomStreams } from '../sim/random.js';
import type { RunOutcome } from '../scenarios/scenario.js';
import { expectationMet, expectationWords, type LiveRecipe, type LiveTarget } from './catalogue.js';
import { RunClock, sleep } from './clock.js';
import type { ClientEvent, ClientInit, HarnessMessage } from './clients/protocol.js';
import { buildCluster, PEERS_DIAL_EACH_OTHER, proxyServerLinks, startCluster } from './cluster.js';
import { netnsProblem, nftProblem, ServerNetwork } from './netns.js';
import { LiveNemesis, type ExecutedFault, type LiveWorld } from './nemesis.js';
import { ProcessTable, Watchdog } from './processes.js';
import { Links } from './proxy.js';
import { Recorder } from './recorder.js';
import { LiveResource } from './resource.js';
import { SENTINEL_GROUP } from './servers/redis.js';
import type { LiveCluster } from './servers/types.js';

export const NOT_DETERMINISTIC =
  'A live run is not deterministic: the seed fixes the workload and the fault schedule, not the interleaving of real processes, so the same seed can give another verdict.';

export const LOCK = 'L';

export interface LiveRunOptions {
  target: LiveTarget;
  recipe: LiveRecipe;
  seed: number;
  schedule: Schedule;
  /** Where the schedule came from: a hazard's name, a file, or "random". */
  scheduleSource: string;
  /** Where to keep the servers' and clients' logs (they are copied before the folder goes). */
  logsTo?: string;
  /** Progress lines (the command prints them; tests keep them quiet). */
  say?: (line: string) => void;
}

export interface LiveRunOutput {
  outcome: RunOutcome;
  executed: ExecutedFault[];
  expectationMet: boolean;
  notes: string[];
  wallMs: number;
}

interface ClientState {
  id: string;
  processNo: number;
  belief: Belief | null;
  lastAcquireOk: number;
  pending: string | null;
  pendingKey: string;
  stopped: Promise<void>;
  markStopped: () => void;
}

const CLIENT_MAIN = fileURLToPath(new URL('./clients/main.js', import.meta.url));

/** A crash of lockstep's own code while a run is up: stop everything, then let it surface. */
let activeTeardown: (() => Promise<void>) | null = null;

export async function liveRun(opts: LiveRunOptions): Promise<LiveRunOutput> {
  const { target, recipe } = opts;
  const say = opts.say ?? (() => undefined);
  const startedWall = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-live-'));
  const watchdog = new Watchdog();
  watchdog.tell(`path ${dir}`);
  const procs = new ProcessTable(watchdog);
  const links = new Links();
  let nemesis: LiveNemesis | null = null;
  let network: ServerNetwork | null = null;
  let serverLinkGaps: LiveWorld['serverLinkGaps'];
  let torn = false;
  const teardown = async (): Promise<void> => {
    if (torn) return;
    torn = true;
    nemesis?.cancel();
    links.resetAll();
    await procs.stopAll();
    links.closeAll();
    network?.destroy();
    if (opts.logsTo) keepLogs(dir, opts.logsTo);
    rmSync(dir, { recursive: true, force: true });
    watchdog.done();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void teardown().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  const onCrash = (err: unknown): void => {
    process.stderr.write(`lockstep: internal error during a live run: ${err instanceof Error ? err.stack : String(err)}\n`);
    void teardown().finally(() => process.exit(255));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('uncaughtException', onCrash);
  activeTeardown = teardown;
  try {
    const peers = PEERS_DIAL_EACH_OTHER.has(target.cluster);
    const netWhy = peers ? netnsProblem() : null;
    const nftWhy = peers && netWhy === null ? nftProblem() : null;
    if (peers && netWhy === null) {
      network = ServerNetwork.create(Array.from({ length: target.servers }, (_, i) => `n${i + 1}`), watchdog);
      say(`starting ${target.servers} ${target.cluster} servers, each in a network namespace of the run on ${network.bridge} (data in ${dir})${nftWhy ? `; ${nftWhy}` : ''}`);
    } else {
      say(`starting ${target.servers} ${target.cluster} servers on loopback (data in ${dir})${netWhy ? `; faults between servers will not be applied: ${netWhy}` : ''}`);
    }
    if (netWhy !== null) serverLinkGaps = { cut: netWhy, shape: netWhy };
    else if (nftWhy !== null) serverLinkGaps = { shape: nftWhy };
    const cluster = await buildCluster(target, dir, links, network);
    if (network && peers && nftWhy === null) await proxyServerLinks(cluster, network, links);
    await startCluster(cluster, procs);
    say('cluster ready; starting clients');
    return await drive(opts, cluster, procs, links, network, serverLinkGaps, dir, say, startedWall, (n) => (nemesis = n));
  } finally {
    await teardown();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onCrash);
    activeTeardown = null;
  }
}

/** Copies every log of the run's folder ("n1/log" becomes "n1.log"). */
function keepLogs(dir: string, to: string): void {
  try {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !(entry.name === 'log' || entry.name.endsWith('.log'))) continue;
      const rel = join(entry.parentPath, entry.name).slice(dir.length + 1);
      copyFileSync(join(entry.parentPath, entry.name), join(to, rel === 'log' ? 'run.log' : rel.replace(/\/log$/, '.log').replaceAll('/', '-')));
    }
  } catch {
    // Logs are a help, never a reason to fail the run.
  }
}

export function tearDownActiveRun(): Promise<void> {
  return activeTeardown?.() ?? Promise.resolve();
}

async function drive(
  opts: LiveRunOptions,
  cluster: LiveCluster,
  procs: ProcessTable,
  links: Links,
  network: ServerNetwork | null,
  serverLinkGaps: LiveWorld['serverLinkGaps'],
  dir: string,
  say: (line: string) => void,
  startedWall: number,
  setNemesis: (n: LiveNemesis) => void,
): Promise<LiveRunOutput> {
  const { target, recipe } = opts;
  const clientIds = Array.from({ length: target.clients }, (_, i) => `c${i + 1}`);
  const kvIds = Array.from({ length: target.kv?.clients ?? 0 }, (_, i) => `k${i + 1}`);
  // Jepsen's process numbers: one per client, and a fresh one after an indeterminate op.
  const processStride = clientIds.length + kvIds.length;
  const clock = new RunClock();
  const rec = new Recorder(clock);
  const resource = new LiveResource(recipe.resource === 'fenced' ? 'fenced' : 'none', rec);
  let grantSeq = 0;

  // Each client reaches each server through a proxy of its own: its links can be cut alone.
  const endpoints = new Map<string, Record<string, { host: string; port: number }>>();
  const natMaps = new Map<string, Record<string, { host: string; port: number }>>();
  for (const c of [...clientIds, ...kvIds]) {
    const mine: Record<string, { host: string; port: number }> = {};
    const nat: Record<string, { host: string; port: number }> = {};
    for (const s of cluster.servers) {
      const port = await links.proxy(c, s.name, { host: s.host, port: s.port });
      mine[s.name] = { host: '127.0.0.1', port };
      nat[`${s.host}:${s.port}`] = { host: '127.0.0.1', port };
    }
    endpoints.set(c, mine);
    natMaps.set(c, nat);
  }

  const states = new Map<string, ClientState>();
  const initFor = (id: string, startDelayMs: number): ClientInit => ({
    type: 'init',
    id,
    target: target.name,
    recipe: recipe.algorithm,
    endpoints: endpoints.get(id)!,
    ...(cluster.helpers.length > 0 ? { sentinels: cluster.helpers.map((h) => ({ host: h.host, port: h.port })), natMap: natMaps.get(id)! } : {}),
    lock: LOCK,
    workload: { ...target.workload, startDelayMs },
    ...(target.kv && kvIds.includes(id)
      ? { kv: { store: target.kv.store, keys: Array.from({ length: target.kv.keys }, (_, i) => `r${i}`), gapMs: 50, timeoutMs: 1500 } }
      : {}),
  });

  const onEvent = (st: ClientState, e: ClientEvent): void => {
    const base = { process: st.processNo, node: st.id, key: e.type === 'invoke' || e.type === 'complete' ? (e.key ?? LOCK) : LOCK };
    const child = procs.child(st.id);
    const reply = (m: HarnessMessage): void => {
      if (child?.connected) child.send(m);
    };
    switch (e.type) {
      case 'invoke':
        st.pending = e.f;
        st.pendingKey = base.key;
        rec.op({ ...base, type: 'invoke', f: e.f, value: e.value ?? null });
        break;
      case 'complete': {
        st.pending = null;
        const index = rec.op({ ...base, type: e.outcome, f: e.f, value: e.value ?? null, ...(e.error ? { error: e.error } : {}) });
        if (e.f === 'acquire' && e.outcome === 'ok') {
          grantSeq++;
          st.lastAcquireOk = index;
        }
        if (e.outcome === 'info') st.processNo += processStride;
        break;
      }
      case 'belief-start': {
        const token = recipe.tokens === 'service' && e.token !== null ? e.token : grantSeq;
        st.belief = rec.beginBelief(st.id, LOCK, token, e.forMs, st.lastAcquireOk);
        break;
      }
      case 'belief-end':
        if (st.belief) rec.endBelief(st.belief, e.reason);
        st.belief = null;
        break;
      case 'write': {
        const token = recipe.tokens === 'service' ? e.token : (st.belief?.token ?? null);
        rec.op({ ...base, key: 'x', type: 'invoke', f: 'write', value: e.value });
        const r = resource.write(st.id, LOCK, token, e.value);
        rec.op({ ...base, key: 'x', type: r.ok ? 'ok' : 'fail', f: 'write', value: e.value, ...(r.reason ? { error: r.reason } : {}) });
        reply({ type: 'write-reply', seq: e.seq, ok: r.ok, ...(r.reason ? { reason: r.reason } : {}) });
        break;
      }
      case 'stopped':
        st.markStopped();
        break;
      case 'ready':
        break;
    }
  };

  const startClient = (id: string, startDelayMs: number, processNo: number): Promise<void> => {
    let markStopped = (): void => undefined;
    const stopped = new Promise<void>((r) => (markStopped = r));
    const st: ClientState = { id, processNo, belief: null, lastAcquireOk: -1, pending: null, pendingKey: LOCK, stopped, markStopped };
    states.set(id, st);
    const child = procs.start(id, { command: process.execPath, args: [], nodeModule: CLIENT_MAIN, logFile: join(dir, `${id}.log`) });
    child.on('exit', () => st.markStopped());
    return new Promise<void>((ready, failed) => {
      const t = setTimeout(() => failed(new Error(`client ${id} did not start within 20 s`)), 20_000);
      child.on('message', (e: ClientEvent) => {
        if (e.type === 'ready') {
          clearTimeout(t);
          ready();
        }
        onEvent(st, e);
      });
      child.send(initFor(id, startDelayMs));
    });
  };

  await Promise.all([
    ...clientIds.map((id, i) => startClient(id, i * target.workload.staggerMs, i)),
    ...kvIds.map((id, j) => startClient(id, 0, clientIds.length + j)),
  ]);

  // The nemesis may aim at the kv clients too (they are clients like the others).
  const topology: Topology = { servers: cluster.servers.map((s) => s.name), clients: [...clientIds, ...kvIds] };
  const world: LiveWorld = {
    topology,
    links,
    ...(network ? { serverLinks: network } : {}),
    ...(serverLinkGaps ? { serverLinkGaps } : {}),
    clockOf: (node) => cluster.servers.find((s) => s.name === node)?.clock,
    pause: (node) => {
      const done = procs.pause(node);
      if (done) rec.event('pause', { node }, node);
      return done;
    },
    resume: (node) => {
      const done = procs.resume(node);
      if (done) rec.event('resume', { node }, node);
      return done;
    },
    crash: async (node) => {
      const st = states.get(node);
      const done = await procs.kill(node);
      if (!done) return false;
      rec.event('crash', { node }, node);
      if (st) {
        if (st.belief) rec.endBelief(st.belief, 'crashed');
        st.belief = null;
        if (st.pending) rec.op({ process: st.processNo, node, key: st.pendingKey, type: 'info', f: st.pending, value: null, error: 'crashed' });
        st.pending = null;
        st.processNo += processStride;
      }
      return true;
    },
    restart: async (node) => {
      const st = states.get(node);
      if (st) {
        // The nemesis does not wait for a restarted client to load: it goes when it is ready.
        void startClient(node, 0, st.processNo).then(
          () => procs.child(node)?.send({ type: 'go' } satisfies HarnessMessage),
          () => undefined,
        );
      } else if (procs.restart(node) === null) {
        return false;
      }
      rec.event('restart', { node }, node);
      return true;
    },
  };

  const schedule = opts.schedule;
  const healAt = schedule.healAt ?? 20e9;
  const nemesis = new LiveNemesis(world, { now: () => rec.now(), op: (o) => rec.op(o), trace: (k, d, n) => rec.event(k, d, n) }, new RandomStreams(opts.seed).stream('nemesis'));
  setNemesis(nemesis);

  // The run's true time starts now: the clients go, and the schedule is armed.
  clock.restart();
  rec.event('start', { target: target.name, recipe: recipe.name });
  await nemesis.applyOpening(schedule);
  for (const id of [...clientIds, ...kvIds]) procs.child(id)?.send({ type: 'go' } satisfies HarnessMessage);
  nemesis.install(schedule);
  say(`running: faults until ${(healAt / 1e9).toFixed(1)} s, then heal and a liveness phase of ${(target.livenessBoundMs / 1000 + 1).toFixed(0)} s`);
  await sleep(Math.max(0, healAt - rec.now()) / 1e6);
  await nemesis.heal();
  const healedAt = rec.now();
  await sleep(target.livenessBoundMs + 1000);

  // Stop: every client gives its lock back and exits; a client that cannot is killed.
  for (const id of [...clientIds, ...kvIds]) procs.child(id)?.send({ type: 'stop' } satisfies HarnessMessage);
  await Promise.race([Promise.all([...states.values()].map((s) => s.stopped)), sleep(8000)]);
  const endAt = rec.now();
  for (const st of states.values()) if (st.belief) rec.endBelief(st.belief, 'run-end');
  rec.closeBeliefs();

  const record: RunRecord = {
    history: rec.history,
    beliefs: rec.beliefs,
    resourceLog: rec.resourceLog,
    faults: nemesis.intervals,
    healAt: healedAt,
    endAt,
  };
  const judged = checkRun(record, { validators: recipe.validators, liveness: { boundNs: target.livenessBoundMs * 1e6 } });
  const kv = judgeKv(rec.history, kvIds);
  judged.violations.push(...kv.violations);
  if (kv.valid === 'unknown') judged.unknownBecause.push('linearizability (kv): search budget exhausted');
  judged.violations.sort((a, b) => a.at - b.at);
  const notes = [NOT_DETERMINISTIC];
  if (recipe.note) notes.push(recipe.note);
  const stats: Record<string, unknown> = {
    validators: judged.stats,
    skipped: judged.skipped,
    judged: [...judged.judged, ...(kv.ops > 0 ? ['linearizability (kv)'] : [])],
    ops: rec.history.length,
    grants: grantSeq,
    kvOps: kv.ops,
  };
  if (!recipe.validators.includes('belief-overlap')) {
    const beliefs = checkBeliefOverlap(record);
    stats.beliefOverlapsNotJudged = beliefs.stats.overlappingPairs;
    if (beliefs.stats.overlappingPairs > 0) notes.push(`${beliefs.stats.overlappingPairs} belief overlap(s) were seen and not judged (stats.beliefOverlapsNotJudged).`);
  }
  const notApplied = nemesis.executed.flatMap((f) => (f.notApplied ?? []).map((n) => `faults[${f.index}] ${f.fault}: ${n}`));
  if (notApplied.length > 0) notes.push(`Not applied live: ${notApplied.join('; ')}.`);
  const valid: boolean | 'unknown' = judged.violations.length > 0 ? false : judged.unknownBecause.length > 0 ? 'unknown' : true;
  const kinds = new Set(judged.violations.map((v: Violation) => v.kind));
  const traceHash = `live-${createHash('sha256').update(JSON.stringify(rec.trace)).digest('hex').slice(0, 16)}`;
  const outcome: RunOutcome = {
    valid,
    ...(valid === 'unknown' ? { unknownBecause: judged.unknownBecause } : {}),
    violations: judged.violations,
    params: {
      mode: 'live (real processes; not deterministic)',
      target: target.name,
      recipe: recipe.name,
      servers: target.servers,
      clients: target.clients,
      resource: recipe.resource,
      tokens: recipe.tokens === 'service' ? 'from the lock service' : 'numbered by the harness in grant order',
      ttlMs: target.workload.ttlMs,
      schedule: opts.scheduleSource,
      faults: schedule.faults.length,
      healAtMs: Math.round(healAt / 1e6),
      livenessBoundMs: target.livenessBoundMs,
      expectation: expectationWords(recipe),
    },
    stats,
    record,
    trace: rec.trace,
    traceHash,
    simTimeNs: endAt,
  };
  return { outcome, executed: nemesis.executed, expectationMet: expectationMet(recipe, kinds), notes, wallMs: Date.now() - startedWall };
}

export { SENTINEL_GROUP };

/**
 * The kv clients' operations, judged for linearizability with the simulator's checker (the kv
 * model: each key a register that starts empty).
 */
function judgeKv(history: readonly Op[], kvIds: readonly string[]): { ops: number; valid: boolean | 'unknown'; violations: Violation[] } {
  const ops = history.filter((o) => o.node !== undefined && kvIds.includes(o.node));
  if (ops.length === 0) return { ops: 0, valid: true, violations: [] };
  const lin = checkLinearizable(ops, 'kv', { maxSteps: 20_000_000 });
  return { ops: ops.filter((o) => o.type === 'invoke').length, valid: lin.valid, violations: lin.violations };
}
