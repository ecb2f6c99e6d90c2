/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The live targets, their recipes, what each is expected to show, and its scripted story.
 */
import type { ViolationKind } from '../checker/history.js';
import type { ValidatorName } from '../checker/validators/index.js';
import type { FaultKind } from '../nemesis/kinds.js';
import type { Schedule } from '../nemesis/schedule.js';
import type { RequirementName } from './binaries.js';
import type { ClientWorkload } from './clients/protocol.js';
import type { ClientAlgorithm } from './clients/recipes.js';
import { ETCD_PAUSED_HOLDER, REDLOCK_CLOCK_JUMP, SENTINEL_ACK_THEN_DIE, ZK_CLIENT_JITTER } from './stories.js';

export type ClusterKind = 'etcd' | 'zookeeper' | 'redlock' | 'sentinel';

export interface LiveRecipe {
  name: string;
  algorithm: ClientAlgorithm;
  /** How the protected resource defends itself. */
  resource: 'none' | 'fenced';
  /** Where a write's token comes from: the lock service, or the harness's grant counter. */
  tokens: 'service' | 'harness';
  description: string;
  /** Violation kinds that must appear (empty: the recipe must be clean). */
  expectKinds: ViolationKind[];
  /** Violation kinds that must not appear, even when others are expected. */
  forbidKinds: ViolationKind[];
  validators: ValidatorName[];
  /** Said in the result and the report, beside the verdict. */
  note?: string;
}

export interface Hazard {
  name: string;
  description: string;
  schedule: Schedule;
}

export interface LiveTarget {
  name: string;
  title: string;
  cluster: ClusterKind;
  servers: number;
  clients: number;
  requires: RequirementName[];
  /**
   * Whether clock faults reach the servers, and why not when they cannot. Client clocks are never
   * faked, so random clock faults aim at the servers only.
   */
  clocks: { servers: boolean; why: string };
  /**
   * The servers share no state and a client's safety rests on a majority of them (Redlock): one
   * skewed clock is outvoted, so random clock faults mostly hit a majority at once.
   */
  independentServers?: boolean;
  /** Which links have a proxy of ours (so which network faults act). */
  links: string;
  workload: Omit<ClientWorkload, 'startDelayMs'> & { staggerMs: number };
  /** Liveness bound after the heal. */
  livenessBoundMs: number;
  recipes: LiveRecipe[];
  hazards: Hazard[];
  /** The kinds the random sweep draws from. */
  randomKinds: FaultKind[];
  /**
   * kv clients beside the lock clients, judged for linearizability (live/clients/kv.ts); absent
   * where the target has no store whose reads are meant to be linearizable.
   */
  kv?: { store: 'etcd' | 'sentinel'; clients: number; keys: number };
}

const BELIEFS_NOT_JUDGED =
  'Beliefs are reported but not judged for this recipe: a frozen or cut-off holder keeps believing whatever the recipe does; fencing is what keeps its late writes out.';
const FENCING_KEEPS_BELIEFS =
  'The fenced resource removes the effect violations (the late writes are refused) but not the belief overlaps: two clients still believed they held the lock at once.';

const EFFECT_JUDGES: ValidatorName[] = ['effect-overlap', 'fencing', 'liveness'];
const ALL_JUDGES: ValidatorName[] = ['belief-overlap', 'effect-overlap', 'fencing', 'liveness'];
const NO_SERVICE_TOKENS: ValidatorName[] = ['belief-overlap', 'effect-overlap', 'liveness'];

export const TARGETS: LiveTarget[] = [
  {
    name: 'etcd',
    kv: { store: 'etcd', clients: 2, keys: 3 },
    title: 'a 3-member etcd cluster (etcd-server) and etcd\'s lock (lease + put-if-absent) through the etcd3 client',
    cluster: 'etcd',
    servers: 3,
    clients: 2,
    requires: ['etcd'],
    clocks: { servers: false, why: 'etcd is Go: its runtime reads the clock through the vDSO, not libc, so libfaketime cannot skew it' },
    links: 'every link is proxied; as root with nftables, members run in network namespaces of the run, partitions between them cut routes and their links go through proxies too',
    workload: { ttlMs: 2000, writes: 8, writeGapMs: 300, thinkMs: 100, acquireTimeoutMs: 3000, staggerMs: 1000 },
    livenessBoundMs: 4000,
    recipes: [
      {
        name: 'lock',
        algorithm: 'etcd-lock',
        resource: 'none',
        tokens: 'service',
        description: 'etcd\'s lock; the resource accepts every write',
        expectKinds: ['ME-effect'],
        forbidKinds: [],
        validators: ALL_JUDGES,
      },
      {
        name: 'lock-fenced',
        algorithm: 'etcd-lock',
        resource: 'fenced',
        tokens: 'service',
        description: 'etcd\'s lock; the resource refuses writes whose revision is below one it has seen',
        expectKinds: [],
        forbidKinds: [],
        validators: EFFECT_JUDGES,
        note: BELIEFS_NOT_JUDGED,
      },
    ],
    hazards: [{ name: 'paused-holder', description: 'a holder frozen past its lease wakes and writes', schedule: ETCD_PAUSED_HOLDER }],
    randomKinds: ['pause', 'crash', 'clog', 'delay', 'loss', 'swizzle-clog', 'partition-halves', 'isolate', 'one-way', 'bridge'],
  },
  {
    name: 'zookeeper',
    title: 'a 3-server ZooKeeper ensemble (zookeeper, headless JRE) through node-zookeeper-client',
    cluster: 'zookeeper',
    servers: 3,
    clients: 2,
    requires: ['java', 'zookeeper', 'faketime'],
    clocks: { servers: true, why: 'the JVM reads the clock through libc; each server runs under libfaketime' },
    links: 'every link is proxied; as root with nftables, servers run in network namespaces of the run, partitions between them cut routes and their quorum and election links go through proxies too',
    workload: { ttlMs: 3000, writes: 10, writeGapMs: 300, thinkMs: 100, acquireTimeoutMs: 4000, staggerMs: 1000 },
    livenessBoundMs: 12000,
    recipes: [
      {
        name: 'scheme-a',
        algorithm: 'zk-scheme-a',
        resource: 'none',
        tokens: 'harness',
        description: 'seed 000\'s scheme a: a session per try-lock with session timeout = expire, belief for the expiry from the answer',
        expectKinds: ['ME-belief'],
        forbidKinds: [],
        validators: NO_SERVICE_TOKENS,
      },
      {
        name: 'curator-fenced',
        algorithm: 'zk-curator',
        resource: 'fenced',
        tokens: 'service',
        description: 'Curator\'s InterProcessMutex algorithm, SUSPENDED and LOST treated as loss, the node\'s sequence number fencing the resource',
        expectKinds: [],
        forbidKinds: [],
        validators: EFFECT_JUDGES,
        note: BELIEFS_NOT_JUDGED,
      },
    ],
    hazards: [{ name: 'client-jitter', description: 'answers to a client held up, then its heartbeats silenced', schedule: ZK_CLIENT_JITTER }],
    randomKinds: ['pause', 'crash', 'clog', 'delay', 'loss', 'swizzle-clog', 'clock-jump', 'clock-drift', 'clock-strobe', 'partition-halves', 'isolate', 'one-way', 'bridge'],
  },
  {
    name: 'redlock',
    title: 'five independent redis-servers and the Redlock algorithm (@sesamecare-oss/redlock on ioredis)',
    cluster: 'redlock',
    servers: 5,
    clients: 2,
    requires: ['redis', 'faketime', 'glibcMalloc'],
    clocks: { servers: true, why: 'Redis reads the clock through libc; each server runs under libfaketime' },
    independentServers: true,
    links: 'every client-to-server link is proxied',
    workload: { ttlMs: 6000, writes: 12, writeGapMs: 300, thinkMs: 100, acquireTimeoutMs: 4000, staggerMs: 1000 },
    livenessBoundMs: 7000,
    recipes: [
      {
        name: 'redlock',
        algorithm: 'redlock',
        resource: 'none',
        tokens: 'harness',
        description: 'Redlock; the resource accepts every write',
        expectKinds: ['ME-belief', 'ME-effect'],
        forbidKinds: [],
        validators: NO_SERVICE_TOKENS,
      },
      {
        name: 'redlock-fenced',
        algorithm: 'redlock',
        resource: 'fenced',
        tokens: 'harness',
        description: 'Redlock; the resource refuses writes whose token is below one it has seen (Redis gives no token: the harness numbers grants in the order it learns of them, as a linearizable counter would)',
        expectKinds: ['ME-belief'],
        forbidKinds: ['ME-effect'],
        validators: NO_SERVICE_TOKENS,
        note: FENCING_KEEPS_BELIEFS,
      },
    ],
    hazards: [{ name: 'clock-jump', description: 'clocks of a majority jump ahead past the TTL', schedule: REDLOCK_CLOCK_JUMP }],
    randomKinds: ['pause', 'crash', 'clog', 'delay', 'loss', 'clock-jump', 'clock-offset', 'clock-drift', 'clock-strobe'],
  },
  {
    name: 'redis-sentinel',
    kv: { store: 'sentinel', clients: 2, keys: 3 },
    title: 'a Redis primary, two replicas and three redis-sentinels, SET NX PX locks through ioredis (seed 001\'s asynchronous failover)',
    cluster: 'sentinel',
    servers: 3,
    clients: 2,
    requires: ['redis', 'sentinel', 'faketime', 'glibcMalloc'],
    clocks: { servers: true, why: 'Redis reads the clock through libc; each server runs under libfaketime' },
    links: 'client-to-server links are proxied; as root the servers run in network namespaces of the run, partitions between them (the replication links) cut routes and, with nftables, replication goes through proxies too; else each replica\'s link to the first primary is proxied (Sentinel may route around it); Sentinels are not fault targets',
    workload: { ttlMs: 15000, writes: 40, writeGapMs: 300, thinkMs: 100, acquireTimeoutMs: 4000, staggerMs: 1000 },
    livenessBoundMs: 13000,
    recipes: [
      {
        name: 'setnx',
        algorithm: 'sentinel-setnx',
        resource: 'none',
        tokens: 'harness',
        description: 'SET NX PX on the primary; the resource accepts every write',
        expectKinds: ['ME-belief', 'ME-effect'],
        forbidKinds: [],
        validators: NO_SERVICE_TOKENS,
      },
      {
        name: 'setnx-fenced',
        algorithm: 'sentinel-setnx',
        resource: 'fenced',
        tokens: 'harness',
        description: 'SET NX PX on the primary; the resource refuses writes whose token is below one it has seen (tokens numbered by the harness: Redis gives none)',
        expectKinds: ['ME-belief'],
        forbidKinds: ['ME-effect'],
        validators: NO_SERVICE_TOKENS,
        note: FENCING_KEEPS_BELIEFS,
      },
    ],
    hazards: [{ name: 'ack-then-die', description: 'the primary acknowledges a lock and dies before replicating it', schedule: SENTINEL_ACK_THEN_DIE }],
    randomKinds: ['pause', 'crash', 'clog', 'delay', 'loss', 'clock-jump', 'clock-drift', 'clock-strobe'],
  },
];

export function findTarget(name: string): LiveTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}

export function expectationWords(recipe: LiveRecipe): string {
  if (recipe.expectKinds.length === 0) return 'clean';
  return `caught: ${recipe.expectKinds.join(', ')}${recipe.forbidKinds.length ? `; never ${recipe.forbidKinds.join(', ')}` : ''}`;
}

/** Whether a run's violation kinds meet the recipe's expectation. */
export function expectationMet(recipe: LiveRecipe, kinds: ReadonlySet<string>): boolean {
  if (recipe.forbidKinds.some((k) => kinds.has(k))) return false;
  if (recipe.expectKinds.length === 0) return kinds.size === 0;
  return recipe.expectKinds.some((k) => kinds.has(k));
}
