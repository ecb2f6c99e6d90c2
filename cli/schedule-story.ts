/**
 * A schedule told in words, one sentence per fault, for the `description` of a schedule file the
 * command writes: someone opening a shrunk schedule reads what happens before reading the JSON.
 */
import type { FaultSpec, Schedule } from '../nemesis/schedule.js';

function seconds(ns: number): string {
  const s = ns / 1e9;
  return `${Number.isInteger(s) ? s.toFixed(0) : s.toFixed(3).replace(/0+$/, '')} s`;
}

function span(ns: number): string {
  return ns >= 1e9 ? seconds(ns) : `${Math.round(ns / 1e6)} ms`;
}

function group(v: unknown): string {
  return Array.isArray(v) ? v.map((t) => SELECTOR_WORDS[String(t)] ?? String(t)).join(' and ') : String(v);
}

/** Selectors in words; node ids stay as they are. */
const SELECTOR_WORDS: Record<string, string> = {
  servers: 'the servers',
  clients: 'the clients',
  resource: 'the resource',
  all: 'every node',
  leader: 'the leader',
  'random-server': 'a random server',
  'random-client': 'a random client',
  'random-minority': 'a random minority of servers',
  'random-majority': 'a random majority of servers',
};

function who(f: FaultSpec, fallback: string): string {
  return f.targets && f.targets.length > 0 ? f.targets.map((t) => SELECTOR_WORDS[t] ?? t).join(', ') : fallback;
}

/** What one fault does, as a clause ("n2 pauses", "the leader is cut off"). */
export function faultClause(f: FaultSpec): string {
  const p = f.params ?? {};
  switch (f.fault) {
    case 'partition-halves':
    case 'partition-random-halves':
      return `${who(f, 'the servers')} split into two halves`;
    case 'isolate':
      return `${who(f, '?')} ${f.targets && f.targets.length > 1 ? 'are' : 'is'} cut off${p.from ? ` from ${group(p.from)}` : ''}`;
    case 'isolate-leader':
      return `the leader is cut off${p.from ? ` from ${group(p.from)}` : ''}`;
    case 'bridge':
      return `${who(f, 'the servers')} split with one bridge node`;
    case 'majorities-ring':
      return `${who(f, 'the servers')} see overlapping majorities (a ring)`;
    case 'one-way':
      return `messages from ${group(p.from)} to ${group(p.to)} are dropped`;
    case 'client-to-leader':
      return `${who(f, 'the clients')} cannot reach the leader`;
    case 'grudge':
      return `links ${Array.isArray(p.pairs) ? (p.pairs as unknown[][]).map((x) => x.join('→')).join(', ') : '?'} are cut`;
    case 'delay':
      return `messages to and from ${who(f, '?')} are delayed (~${span(Number(p.meanNs ?? 0))})`;
    case 'loss':
    case 'duplicate':
    case 'reorder':
      return `messages to and from ${who(f, '?')} see ${f.fault} (p=${String(p.p)})`;
    case 'clog':
      return `messages from ${group(p.from)} to ${group(p.to)} take ${span(Number(p.extraNs ?? 0))} longer`;
    case 'swizzle-clog':
      return `links from ${group(p.from)} to ${group(p.to)} are held, then released out of order`;
    case 'pause':
      return `${who(f, '?')} ${f.targets && f.targets.length > 1 ? 'pause' : 'pauses'}`;
    case 'crash':
      return `${who(f, '?')} crash${f.targets && f.targets.length > 1 ? '' : 'es'} (${String(p.mode ?? 'clean')})`;
    case 'clock-offset':
      return `the clock of ${who(f, '?')} is offset by ${span(Number(p.offsetNs ?? 0))}`;
    case 'clock-drift':
      return `the clock of ${who(f, '?')} drifts ${String(p.ppm)} ppm`;
    case 'clock-jump':
      return `the clock of ${who(f, '?')} jumps ${Number(p.deltaNs ?? 0) < 0 ? 'back' : 'forward'} ${span(Math.abs(Number(p.deltaNs ?? 0)))}`;
    case 'clock-strobe':
      return `the clock of ${who(f, '?')} strobes ±${span(Math.abs(Number(p.deltaNs ?? 0)))} every ${span(Number(p.periodNs ?? 0))}`;
    case 'membership':
      return `${who(f, '?')} ${p.action === 'remove' ? 'leaves' : 'joins'} the cluster`;
    default:
      return `${String(f.fault)} on ${who(f, 'its default targets')}`;
  }
}

/** "At 2.5 s n2 pauses for 1.2 s." per fault, then the heal. */
export function scheduleStory(schedule: Schedule): string {
  const sentences = [...schedule.faults]
    .sort((a, b) => a.at - b.at)
    .map((f) => `At ${seconds(f.at)} ${faultClause(f)}${f.duration !== undefined ? ` for ${span(f.duration)}` : ' until the heal'}.`);
  if (schedule.healAt !== undefined) sentences.push(`Everything heals at ${seconds(schedule.healAt)}.`);
  return sentences.join(' ');
}
