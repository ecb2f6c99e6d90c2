/**
 * A fault schedule is plain JSON data: which fault, when (true ns from the start of the run), on
 * whom, for how long, with what parameters, and when the final heal comes. This file holds the
 * types, the validation that refuses a bad schedule with a one-line message naming the file, the
 * line and the field, and the canonical JSON form (one fault per line, so a line names a fault).
 */
import { childPath, JsonSyntaxError, parseJsonWithPositions } from './json-positions.js';
import { isFaultKind, KINDS, type FaultKind, type MembershipAction, type ParamSpec } from './kinds.js';
import { isSelector, targetProblem, type Topology } from './selectors.js';

export interface FaultSpec {
  /** True time, in ns from the start of the run, at which the fault fires. */
  at: number;
  fault: FaultKind;
  /** Node ids and selectors; absent for kinds that take none, or to use the kind's default. */
  targets?: string[];
  /** How long the fault lasts, in ns; absent: until the final heal. */
  duration?: number;
  params?: Record<string, unknown>;
}

export interface Schedule {
  faults: FaultSpec[];
  /** True time of the final heal; absent: the scenario heals when it decides. */
  healAt?: number;
  description?: string;
  /**
   * The processes' standing clock offsets at the start, for scenarios whose seed draws them (the
   * lease hazards set wall clocks seconds apart). `seed`, the default: as the seed drew them, so a
   * saved schedule replays its seed's run. `zero`: every clock starts at true time, for a story
   * that tells its whole clock story in its faults.
   */
  clocks?: StartClocks;
}

export type StartClocks = 'seed' | 'zero';
const START_CLOCKS: readonly StartClocks[] = ['seed', 'zero'];

/** A schedule that cannot run; the message is one line: `file line N: field: problem`. */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}${line !== undefined ? ` line ${line}` : ''}: ${field ? `${field}: ` : ''}${problem}`);
  }
}

/** Where a schedule came from, for messages, and what it may name. */
export interface ScheduleSource {
  /** The file name, or a word for where the data came from ("schedule"). */
  file: string;
  /** The line of a path, when the schedule was read from text. */
  lineOf?: (path: string) => number;
  /** The nodes and callbacks of the run; without it, targets and membership are not checked. */
  topology?: Topology;
}

function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

const FAULT_FIELDS = ['at', 'fault', 'targets', 'duration', 'params'];
const SCHEDULE_FIELDS = ['faults', 'healAt', 'clocks', 'description'];

class Validator {
  constructor(private readonly source: ScheduleSource) {}

  fail(path: string, problem: string): never {
    throw new ScheduleError(this.source.file, this.source.lineOf?.(path), path, problem);
  }

  wholeNs(path: string, value: unknown, what: string, sign: 'non-negative' | 'positive' | 'any'): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, `${what} must be a number of nanoseconds, got ${shown(value)}`);
    if (!Number.isSafeInteger(value)) this.fail(path, `${what} must be a whole number of nanoseconds, got ${shown(value)}`);
    if (sign === 'non-negative' && value < 0) this.fail(path, `${what} must not be negative, got ${value}`);
    if (sign === 'positive' && value <= 0) this.fail(path, `${what} must be above zero, got ${value}`);
    return value;
  }

  schedule(value: unknown): Schedule {
    let faultsValue: unknown;
    let prefix: string;
    const out: Schedule = { faults: [] };
    if (Array.isArray(value)) {
      faultsValue = value;
      prefix = '';
    } else if (typeof value === 'object' && value !== null) {
      const obj = value as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        if (!SCHEDULE_FIELDS.includes(key)) this.fail(key, `unknown field (a schedule has ${SCHEDULE_FIELDS.join(', ')})`);
      }
      if (!('faults' in obj)) this.fail('', 'a schedule needs "faults", a list of faults');
      faultsValue = obj.faults;
      prefix = 'faults';
      if (!Array.isArray(faultsValue)) this.fail('faults', `must be a list of faults, got ${shown(faultsValue)}`);
      if (obj.healAt !== undefined) out.healAt = this.wholeNs('healAt', obj.healAt, 'healAt', 'non-negative');
      if (obj.description !== undefined) {
        if (typeof obj.description !== 'string') this.fail('description', `must be a string, got ${shown(obj.description)}`);
        out.description = obj.description;
      }
      if (obj.clocks !== undefined) {
        if (!START_CLOCKS.includes(obj.clocks as StartClocks)) this.fail('clocks', `must be one of ${START_CLOCKS.join(' | ')}, got ${shown(obj.clocks)}`);
        out.clocks = obj.clocks as StartClocks;
      }
    } else {
      return this.fail('', `a schedule is an object {"faults": [...]} or a list of faults, got ${shown(value)}`);
    }
    (faultsValue as unknown[]).forEach((f, i) => out.faults.push(this.fault(childPath(prefix, i), f, out.healAt)));
    return out;
  }

  fault(path: string, value: unknown, healAt: number | undefined): FaultSpec {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `a fault is an object {"at", "fault", ...}, got ${shown(value)}`);
    }
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!FAULT_FIELDS.includes(key)) this.fail(childPath(path, key), `unknown field (a fault has ${FAULT_FIELDS.join(', ')})`);
    }
    if (!('fault' in obj)) this.fail(path, 'missing "fault", the fault kind');
    const kind = obj.fault;
    if (!isFaultKind(kind)) {
      if (typeof kind !== 'string') this.fail(childPath(path, 'fault'), `must be a fault kind (a string), got ${shown(kind)}`);
      this.fail(childPath(path, 'fault'), `unknown fault kind ${shown(kind)}`);
    }
    if (!('at' in obj)) this.fail(path, 'missing "at", the time in ns at which the fault fires');
    const at = this.wholeNs(childPath(path, 'at'), obj.at, 'at', 'non-negative');
    if (healAt !== undefined && at >= healAt) this.fail(childPath(path, 'at'), `${at} is not before healAt (${healAt})`);
    const spec: FaultSpec = { at, fault: kind };
    const targets = this.targets(path, kind, obj.targets);
    if (targets !== undefined) spec.targets = targets;
    if (obj.duration !== undefined) spec.duration = this.wholeNs(childPath(path, 'duration'), obj.duration, 'duration', 'non-negative');
    const params = this.params(childPath(path, 'params'), kind, obj.params);
    if (params !== undefined) spec.params = params;
    if (kind === 'membership') this.membership(path, params?.action as MembershipAction, spec.duration !== undefined);
    return spec;
  }

  targets(path: string, kind: FaultKind, value: unknown): string[] | undefined {
    const rule = KINDS[kind].targets;
    const tpath = childPath(path, 'targets');
    if (value === undefined) {
      if (rule.kind === 'required') this.fail(path, `missing "targets": ${kind} needs the nodes it acts on`);
      return undefined;
    }
    if (rule.kind === 'none') this.fail(tpath, `${kind} takes no targets: ${rule.why}`);
    return this.group(tpath, value, 'targets');
  }

  group(path: string, value: unknown, what: string): string[] {
    if (!Array.isArray(value)) this.fail(path, `${what} must be a list of node ids and selectors, got ${shown(value)}`);
    if (value.length === 0) this.fail(path, `${what} must name at least one node or selector`);
    return value.map((t, i) => this.target(childPath(path, i), t));
  }

  target(path: string, value: unknown): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(path, `a target is a node id or a selector, got ${shown(value)}`);
    const topology = this.source.topology;
    if (topology) {
      const problem = targetProblem(value, topology);
      if (problem !== null) this.fail(path, problem);
    }
    return value;
  }

  params(path: string, kind: FaultKind, value: unknown): Record<string, unknown> | undefined {
    const spec = KINDS[kind];
    if (value === undefined) {
      const needed = spec.params.filter((p) => p.required);
      if (needed.length > 0) {
        this.fail(path, `missing: ${kind} needs ${needed.map((p) => `params.${p.name} (${p.doc})`).join(', ')}`);
      }
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `must be an object, got ${shown(value)}`);
    const obj = value as Record<string, unknown>;
    const names = spec.params.map((p) => p.name);
    for (const key of Object.keys(obj)) {
      if (!names.includes(key)) {
        this.fail(childPath(path, key), `unknown parameter of ${kind} (${names.length > 0 ? `it takes ${names.join(', ')}` : 'it takes none'})`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const p of spec.params) {
      const v = obj[p.name];
      if (v === undefined) {
        if (p.required) this.fail(childPath(path, p.name), `missing: ${kind} needs ${p.name}, ${p.doc}`);
        continue;
      }
      out[p.name] = this.param(childPath(path, p.name), p, v);
    }
    const cross = spec.check?.(out);
    if (cross) this.fail(childPath(path, cross.param), cross.problem);
    return out;
  }

  param(path: string, spec: ParamSpec, value: unknown): unknown {
    switch (spec.type) {
      case 'probability':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
          this.fail(path, `must be a probability in [0, 1], got ${shown(value)}`);
        }
        return value;
      case 'ns':
        return this.wholeNs(path, value, spec.name, 'non-negative');
      case 'positive-ns':
        return this.wholeNs(path, value, spec.name, 'positive');
      case 'signed-ns':
        return this.wholeNs(path, value, spec.name, 'any');
      case 'ppm':
        if (typeof value !== 'number' || !Number.isFinite(value) || value <= -1e6 || value > 1e6) {
          this.fail(path, `must be a rate error in ppm, above -1000000 and at most 1000000, got ${shown(value)}`);
        }
        return value;
      case 'boolean':
        if (typeof value !== 'boolean') this.fail(path, `must be true or false, got ${shown(value)}`);
        return value;
      case 'choice':
        if (typeof value !== 'string' || !(spec.choices ?? []).includes(value)) {
          this.fail(path, `must be one of ${(spec.choices ?? []).join(' | ')}, got ${shown(value)}`);
        }
        return value;
      case 'group':
        return this.group(path, value, spec.name);
      case 'pairs':
        return this.pairs(path, value);
    }
  }

  pairs(path: string, value: unknown): [string, string][] {
    if (!Array.isArray(value) || value.length === 0) this.fail(path, `must be a non-empty list of [from, to] node pairs, got ${shown(value)}`);
    return value.map((pair, i) => {
      const ppath = childPath(path, i);
      if (!Array.isArray(pair) || pair.length !== 2) this.fail(ppath, `a pair is [from, to], got ${shown(pair)}`);
      const [a, b] = pair.map((node, j) => {
        const npath = childPath(ppath, j);
        if (typeof node === 'string' && isSelector(node)) this.fail(npath, `a pair names node ids, not selectors, got ${shown(node)}`);
        return this.target(npath, node);
      }) as [string, string];
      if (a === b) this.fail(ppath, `a pair joins two different nodes, got ${shown(pair)}`);
      return [a, b];
    });
  }

  membership(path: string, action: MembershipAction, reversed: boolean): void {
    const topology = this.source.topology;
    if (!topology) return;
    const canAdd = topology.canAddVoter === true;
    const canRemove = topology.canRemoveVoter === true;
    const fail = (callback: string, why: string): never =>
      this.fail(childPath(path, 'fault'), `membership (${action}) ${why} the scenario's ${callback} callback, and this scenario provides none`);
    if (action === 'add' && !canAdd) fail('addVoter', 'needs');
    if (action === 'remove' && !canRemove) fail('removeVoter', 'needs');
    // A change with a duration is reversed at its end, through the opposite callback.
    if (reversed && action === 'add' && !canRemove) fail('removeVoter', 'with a duration is reversed through');
    if (reversed && action === 'remove' && !canAdd) fail('addVoter', 'with a duration is reversed through');
  }
}

/**
 * Checks parsed data (from `JSON.parse`, a generator, a shrinker) and returns it as a Schedule.
 * Without text there are no lines; the message still names the field.
 */
export function validateSchedule(value: unknown, source: ScheduleSource = { file: 'schedule' }): Schedule {
  return new Validator(source).schedule(value);
}

/** Reads a schedule file's text; throws `ScheduleError` naming the file, the line and the field. */
export function parseSchedule(text: string, fileName: string, topology?: Topology): Schedule {
  let positioned;
  try {
    positioned = parseJsonWithPositions(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new ScheduleError(fileName, err.line, '', `not valid JSON: ${err.problem}`);
    throw err;
  }
  const source: ScheduleSource = { file: fileName, lineOf: positioned.lineOf };
  if (topology) source.topology = topology;
  return validateSchedule(positioned.value, source);
}

/**
 * Whether a schedule file's text starts every clock at true time (`"clocks": "zero"`), read before
 * the run is built; the schedule is validated later, with line numbers, so text that does not
 * parse here just keeps the seed's clocks.
 */
export function startsClocksAtZero(text: string): boolean {
  try {
    return (JSON.parse(text) as { clocks?: unknown }).clocks === 'zero';
  } catch {
    return false;
  }
}

/** One fault as JSON with its fields in the canonical order. */
function faultJson(f: FaultSpec): string {
  const ordered: Record<string, unknown> = { at: f.at, fault: f.fault };
  if (f.targets !== undefined) ordered.targets = f.targets;
  if (f.duration !== undefined) ordered.duration = f.duration;
  if (f.params !== undefined) ordered.params = f.params;
  return JSON.stringify(ordered);
}

/** The canonical text of a schedule: one fault per line, so that an error's line names a fault. */
export function scheduleToJson(schedule: Schedule): string {
  const head: string[] = [];
  if (schedule.description !== undefined) head.push(`  "description": ${JSON.stringify(schedule.description)}`);
  if (schedule.healAt !== undefined) head.push(`  "healAt": ${schedule.healAt}`);
  if (schedule.clocks !== undefined) head.push(`  "clocks": ${JSON.stringify(schedule.clocks)}`);
  const faults =
    schedule.faults.length === 0 ? '  "faults": []' : `  "faults": [\n${schedule.faults.map((f) => `    ${faultJson(f)}`).join(',\n')}\n  ]`;
  return `{\n${[...head, faults].join(',\n')}\n}\n`;
}
