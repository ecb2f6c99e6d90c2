/**
 * The nemesis's catalogue: every fault kind, the family it belongs to (which decides how
 * overlapping faults compose), what it targets, and the parameters it takes. Validation, the
 * interpreter, the random generator and the fast-check arbitrary all read this one table.
 */
import { CRASH_MODES } from '../sim/world.js';

export const PARTITION_KINDS = [
  'partition-halves',
  'partition-random-halves',
  'isolate',
  'isolate-leader',
  'bridge',
  'majorities-ring',
  'one-way',
  'client-to-leader',
  'grudge',
] as const;
export const PACKET_KINDS = ['delay', 'loss', 'duplicate', 'reorder', 'clog', 'swizzle-clog'] as const;
export const PROCESS_KINDS = ['pause', 'crash'] as const;
export const CLOCK_KINDS = ['clock-offset', 'clock-drift', 'clock-jump', 'clock-strobe'] as const;
export const MEMBERSHIP_KINDS = ['membership'] as const;

export const FAULT_KINDS = [...PARTITION_KINDS, ...PACKET_KINDS, ...PROCESS_KINDS, ...CLOCK_KINDS, ...MEMBERSHIP_KINDS] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * How faults of one family compose when they overlap (see nemesis/README.md):
 * - partition: the world has one grudge; a later partition replaces the earlier one, which ends
 *   there; ending the current one heals, and restores no earlier one.
 * - packet: per directed link and per setting, the latest fault still active wins; ending one
 *   uncovers whatever is left underneath, down to the link's configuration before the nemesis.
 * - hold: a held link is released when the last swizzle holding it ends.
 * - process: a node stays paused (or down) until the last pause (crash) holding it ends; a crash
 *   ends every pause of the node it kills.
 * - clock: offsets and jumps add up and are undone by stepping back what they added; drifts stack
 *   like packet settings; a later strobe replaces an earlier one on the same node.
 * - membership: each change is applied as it comes; one with a duration is reversed at its end.
 */
export type FaultFamily = 'partition' | 'packet' | 'hold' | 'process' | 'clock' | 'membership';

export type ParamType =
  | 'probability'
  /** A whole number of nanoseconds, zero or more. */
  | 'ns'
  /** A whole number of nanoseconds, above zero. */
  | 'positive-ns'
  /** A whole number of nanoseconds, either sign (a clock step back is negative). */
  | 'signed-ns'
  /** Parts per million of clock rate error, above -1000000 (a clock cannot stop or run back). */
  | 'ppm'
  | 'boolean'
  /** One of the spec's `choices`. */
  | 'choice'
  /** A non-empty list of node ids and selectors. */
  | 'group'
  /** A list of [from, to] node-id pairs. */
  | 'pairs';

export interface ParamSpec {
  name: string;
  type: ParamType;
  required: boolean;
  /** For string choices. */
  choices?: readonly string[];
  /** Says what the parameter is, for error messages ("loss needs p, the probability ..."). */
  doc: string;
}

/** What a kind's `targets` field means. */
export type TargetRule =
  /** The fault acts on the targets; they must be given. */
  | { kind: 'required' }
  /** The fault acts on the targets; these selectors when none are given. */
  | { kind: 'default'; targets: readonly string[] }
  /** The fault takes no targets (it names its nodes in params, or finds the leader itself). */
  | { kind: 'none'; why: string };

export interface KindSpec {
  family: FaultFamily;
  targets: TargetRule;
  params: readonly ParamSpec[];
  /** A check across parameters; returns the parameter at fault and the problem. */
  check?(params: Record<string, unknown>): { param: string; problem: string } | null;
  summary: string;
}

function param(required: boolean, name: string, type: ParamType, doc: string, choices?: readonly string[]): ParamSpec {
  return choices ? { name, type, required, doc, choices } : { name, type, required, doc };
}
const req = (name: string, type: ParamType, doc: string, choices?: readonly string[]): ParamSpec => param(true, name, type, doc, choices);
const opt = (name: string, type: ParamType, doc: string, choices?: readonly string[]): ParamSpec => param(false, name, type, doc, choices);

const SERVERS = { kind: 'default', targets: ['servers'] } as const;
const REQUIRED = { kind: 'required' } as const;

const FROM_GROUP = opt('from', 'group', 'the nodes the targets are cut off from (default: every other process)');
const LINKS_FROM = req('from', 'group', 'the senders whose links are affected');
const LINKS_TO = req('to', 'group', 'the receivers whose links are affected');
const SHUFFLE = opt('shuffle', 'boolean', 'shuffle the targets (nemesis random stream) before arranging them');

export const CLOCK_CHOICES = ['monotonic', 'wall', 'both'] as const;
export type ClockChoice = (typeof CLOCK_CHOICES)[number];
export const MEMBERSHIP_ACTIONS = ['add', 'remove'] as const;
export type MembershipAction = (typeof MEMBERSHIP_ACTIONS)[number];

export const KINDS: Readonly<Record<FaultKind, KindSpec>> = {
  'partition-halves': {
    family: 'partition',
    targets: SERVERS,
    params: [],
    summary: 'the first half of the targets (the smaller one) against the rest',
  },
  'partition-random-halves': {
    family: 'partition',
    targets: SERVERS,
    params: [],
    summary: 'the targets shuffled, then cut into halves',
  },
  isolate: {
    family: 'partition',
    targets: REQUIRED,
    params: [FROM_GROUP],
    summary: 'the targets, together, cut off from every other process (or from params.from)',
  },
  'isolate-leader': {
    family: 'partition',
    targets: { kind: 'none', why: 'it isolates whoever leads when it fires' },
    params: [FROM_GROUP],
    summary: 'the leader at fire time cut off from every other process (or from params.from)',
  },
  bridge: {
    family: 'partition',
    targets: SERVERS,
    params: [SHUFFLE],
    summary: 'two halves that cannot see each other, and one node between them that sees both',
  },
  'majorities-ring': {
    family: 'partition',
    targets: SERVERS,
    params: [SHUFFLE],
    summary: 'every target hears a majority of the targets, no two the same majority (one-way cuts)',
  },
  'one-way': {
    family: 'partition',
    targets: { kind: 'none', why: 'name the cut in params.from and params.to' },
    params: [req('from', 'group', 'the senders whose packets are dropped'), req('to', 'group', 'the receivers that stop hearing them')],
    summary: 'packets from one group to another are dropped; the way back still works',
  },
  'client-to-leader': {
    family: 'partition',
    targets: { kind: 'default', targets: ['clients'] },
    params: [],
    summary: 'the target clients cannot reach the leader (nor it them); every other link works',
  },
  grudge: {
    family: 'partition',
    targets: { kind: 'none', why: 'name the cut links in params.pairs' },
    params: [req('pairs', 'pairs', 'the directed links [from, to] whose packets are dropped')],
    summary: 'an explicit set of directed cut links',
  },
  delay: {
    family: 'packet',
    targets: REQUIRED,
    params: [
      req('minNs', 'ns', 'the least latency a packet takes'),
      req('meanNs', 'ns', 'the mean latency (min plus an exponential part)'),
      opt('tailProbability', 'probability', 'the probability that a packet takes the long tail'),
      opt('tailNs', 'ns', 'the most extra delay of a tail packet'),
    ],
    check: (p) =>
      typeof p.meanNs === 'number' && typeof p.minNs === 'number' && p.meanNs < p.minNs
        ? { param: 'meanNs', problem: `must be at least minNs (${p.minNs}), got ${p.meanNs}` }
        : null,
    summary: 'a latency spike on every link to and from the targets',
  },
  loss: {
    family: 'packet',
    targets: REQUIRED,
    params: [req('p', 'probability', 'the probability that a packet is lost')],
    summary: 'packets to and from the targets are lost with probability p',
  },
  duplicate: {
    family: 'packet',
    targets: REQUIRED,
    params: [req('p', 'probability', 'the probability that a packet arrives twice')],
    summary: 'packets to and from the targets arrive twice with probability p',
  },
  reorder: {
    family: 'packet',
    targets: REQUIRED,
    params: [req('p', 'probability', 'the probability that a packet may overtake earlier ones')],
    summary: 'packets to and from the targets may overtake earlier ones with probability p',
  },
  clog: {
    family: 'packet',
    targets: { kind: 'none', why: 'name the clogged links in params.from and params.to' },
    params: [LINKS_FROM, LINKS_TO, req('extraNs', 'ns', 'the delay added to every packet on a clogged link')],
    summary: 'every packet on the directed links from -> to takes extraNs longer',
  },
  'swizzle-clog': {
    family: 'hold',
    targets: { kind: 'none', why: 'name the held links in params.from and params.to' },
    params: [LINKS_FROM, LINKS_TO, opt('gapNs', 'ns', 'the time between two link releases at the end (default 0)')],
    summary: 'the directed links from -> to hold their packets; at the end they are released in a random order',
  },
  pause: {
    family: 'process',
    targets: REQUIRED,
    params: [],
    summary: 'the targets freeze (a GC pause, SIGSTOP): no timers, no deliveries; their clocks run on',
  },
  crash: {
    family: 'process',
    targets: REQUIRED,
    params: [req('mode', 'choice', 'how the crash treats the disk', CRASH_MODES)],
    summary: 'the targets die (their disks keep what params.mode allows) and restart after the duration',
  },
  'clock-offset': {
    family: 'clock',
    targets: REQUIRED,
    params: [req('offsetNs', 'signed-ns', 'the wall clock offset from true time')],
    summary: "the targets' wall clocks are set offsetNs away from true time",
  },
  'clock-drift': {
    family: 'clock',
    targets: REQUIRED,
    params: [
      req('ppm', 'ppm', 'the rate error in parts per million (+ fast, - slow)'),
      opt('clock', 'choice', 'which clock drifts (default both)', CLOCK_CHOICES),
    ],
    summary: "the targets' clocks run fast or slow",
  },
  'clock-jump': {
    family: 'clock',
    targets: REQUIRED,
    params: [req('deltaNs', 'signed-ns', 'the step of the wall clock (negative steps back)')],
    summary: "the targets' wall clocks step forward or back (an NTP step)",
  },
  'clock-strobe': {
    family: 'clock',
    targets: REQUIRED,
    params: [
      req('deltaNs', 'signed-ns', 'how far the wall clock flips'),
      req('periodNs', 'positive-ns', 'how long each flip lasts'),
    ],
    summary: "the targets' wall clocks flip back and forth by deltaNs every periodNs",
  },
  membership: {
    family: 'membership',
    targets: REQUIRED,
    params: [req('action', 'choice', 'add or remove the targets as voters', MEMBERSHIP_ACTIONS)],
    summary: 'the targets are added to or removed from the voters (through the scenario)',
  },
};

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

export function familyOf(kind: FaultKind): FaultFamily {
  return KINDS[kind].family;
}
