/**
 * `lockstep check <history> --model <m>` (linearizability) or `--checker locks`: a history from a
 * file, a lockstep `history.jsonl` or a Jepsen/Knossos/Porcupine EDN history.
 * Exit 0 valid, 1 invalid, 2 unknown, 254 bad input.
 *
 * This module is loaded only for `check`, and loads only the checker and the history readers
 * (never the simulator, the scenarios or the reports), so that checking a small file starts fast.
 */
import { readFileSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Op } from '../../checker/history.js';
import { detectHistoryFormat, HistoryFormatError, parseHistory, type HistoryFormat } from '../../checker/io/index.js';
import { fromEdn, parseEdnForm } from '../../checker/io/edn-values.js';
import { checkLinearizable, LinInputError, type LinResult, type ModelName } from '../../checker/lin/index.js';
import { isModelName, makeModel, modelNames, takesInitial, type NilRead } from '../../checker/lin/models/index.js';
import type { Exhaustion } from '../../checker/lin/search/budget.js';
import { BadInputError, exitCodeFor } from '../errors.js';

export interface CheckArgs {
  file: string;
  /** 'lin' (default) or 'locks'. */
  checker?: string;
  model?: string;
  format?: string;
  timeLimit?: string;
  /** Memory the search may use, in bytes (suffixes K, M, G). */
  memory?: string;
  maxSteps?: string;
  /** Values are jepsen.independent `[key value]` tuples: check each key on its own. */
  independent?: boolean;
  /** The initial value, as EDN. */
  initial?: string;
  nilRead?: string;
  /** Judge every part, not only up to the first that fails. */
  all?: boolean;
  explain?: boolean;
  /** Only ops with these functions / keys (comma-separated). */
  f?: string;
  key?: string;
  /** Locks checker: locks are leases that may expire at any moment. */
  leases?: boolean;
  json?: boolean;
}

/** The search's default memory: a quarter of the machine's. */
export function defaultMemoryBytes(): number {
  return Math.floor(totalmem() / 4);
}

export async function checkCommand(args: CheckArgs): Promise<number> {
  const checker = args.checker ?? 'lin';
  if (checker !== 'lin' && checker !== 'locks') throw new BadInputError(`--checker must be lin or locks, got "${checker}"`);
  if (checker === 'lin') {
    if (args.model === undefined) throw new BadInputError(`check needs --model <${modelNames.join('|')}> (or --checker locks)`);
    if (!isModelName(args.model)) throw new BadInputError(`unknown model "${args.model}" (models: ${modelNames.join(', ')})`);
  }
  if (args.format !== undefined && args.format !== 'jsonl' && args.format !== 'edn') {
    throw new BadInputError(`--format must be jsonl or edn, got "${args.format}"`);
  }
  if (args.nilRead !== undefined && args.nilRead !== 'any' && args.nilRead !== 'value') {
    throw new BadInputError(`--nil-read must be any or value, got "${args.nilRead}"`);
  }
  const timeLimitMs = args.timeLimit === undefined ? undefined : positive(args.timeLimit, '--time-limit', 'number of seconds') * 1000;
  const memory = args.memory === undefined ? defaultMemoryBytes() : bytes(args.memory);
  const maxSteps = args.maxSteps === undefined ? undefined : Math.floor(positive(args.maxSteps, '--max-steps', 'number'));
  const initial = args.initial === undefined ? undefined : ednValue(args.initial);
  if (initial !== undefined && !takesInitial(args.model as ModelName) && checker === 'lin') {
    throw new BadInputError(`--initial does not apply to the ${args.model} model`);
  }

  let text: string;
  try {
    if (!statSync(args.file).isFile()) throw new Error('not a file');
    // Read as bytes, then decoded: on Node 20 this is about twice as fast as asking readFileSync
    // for text, which shows on a history of a few hundred megabytes.
    text = readFileSync(args.file).toString('utf8');
  } catch {
    throw new BadInputError(`cannot read history file ${args.file}`);
  }
  const started = performance.now();
  const report = { untimed: false };
  let history: Op[];
  let format: HistoryFormat;
  try {
    format = (args.format as HistoryFormat | undefined) ?? detectHistoryFormat(text, args.file);
    history = parseHistory(text, { source: args.file, independent: Boolean(args.independent), format, report });
    // The text is not needed any more: let a long one go before the check needs the memory.
    text = '';
  } catch (err) {
    if (err instanceof HistoryFormatError) throw new BadInputError(err.message.split('\n')[0] ?? err.message);
    throw err;
  }
  history = filtered(history, args);
  const untimedNote = report.untimed ? 'ops have no time: real-time order is their order in the file (as Knossos and Porcupine read it)' : null;

  if (checker === 'locks') {
    const { checkLocks, formatLocksResult, LocksInputError } = await import('../../checker/locks/index.js');
    let result;
    try {
      result = checkLocks(history, {
        leases: Boolean(args.leases),
        now: () => performance.now(),
        maxCacheBytes: memory,
        ...(timeLimitMs !== undefined ? { timeLimitMs } : {}),
        ...(maxSteps !== undefined ? { maxSteps } : {}),
      });
    } catch (err) {
      if (err instanceof LinInputError || err instanceof LocksInputError) throw new BadInputError(`${args.file}: ${err.message.split('\n')[0]}`);
      throw err;
    }
    const wallMs = Math.round(performance.now() - started);
    if (args.json) process.stdout.write(JSON.stringify({ file: args.file, wallMs, untimed: report.untimed, ...result }, bigints) + '\n');
    else process.stdout.write(formatLocksResult(result, wallMs, untimedNote));
    return exitCodeFor(result.valid);
  }

  const nilRead: NilRead = (args.nilRead as NilRead | undefined) ?? (format === 'edn' ? 'any' : 'value');
  const model = makeModel(args.model as ModelName, { ...(initial !== undefined ? { initial } : {}), nilRead });
  let result: LinResult;
  try {
    result = checkLinearizable(history, model, {
      now: () => performance.now(),
      maxCacheBytes: memory,
      maxConfigurations: Number.MAX_SAFE_INTEGER,
      stopAtFirstViolation: !args.all,
      explain: args.explain !== false,
      explainCostRatio: 1,
      ...(timeLimitMs !== undefined ? { timeLimitMs } : {}),
      ...(maxSteps !== undefined ? { maxSteps } : {}),
    });
  } catch (err) {
    if (err instanceof LinInputError) throw new BadInputError(err.message.split('\n')[0] ?? err.message);
    throw err;
  }
  const wallMs = Math.round(performance.now() - started);
  if (args.json) {
    // A valid part's full linearization is as long as the history: leave it out of the summary.
    const partitions = result.partitions.map(({ linearization: _l, ...rest }) => rest);
    process.stdout.write(JSON.stringify({ file: args.file, wallMs, untimed: report.untimed, nilRead, ...result, partitions }, bigints) + '\n');
  } else {
    const ops = result.partitions.reduce((a, p) => a + p.opsChecked, 0);
    const verdict = result.valid === true ? 'VALID: linearizable' : result.valid === false ? 'INVALID: not linearizable' : 'UNKNOWN: the checker could not decide';
    process.stdout.write(`${verdict} (${model.name}, ${result.partitions.length} part(s), ${ops} ops, ${result.failedOps} failed ops dropped, ${wallMs} ms)\n`);
    if (untimedNote !== null) process.stdout.write(`  ${untimedNote}\n`);
    for (const v of result.violations) process.stdout.write(`  [${v.kind}] ${v.explanation}\n`);
    const skipped = result.partitions.filter((p) => p.exhausted === 'skipped').length;
    for (const p of result.partitions) {
      if (p.valid === 'unknown' && p.exhausted !== 'skipped') {
        process.stdout.write(`  part ${p.key ?? '(whole history)'}: unknown: ${limitHit(p.exhausted ?? 'steps', memory, timeLimitMs)}\n`);
      }
    }
    if (skipped > 0) process.stdout.write(`  ${skipped} more part(s) not judged after the first failure (--all judges every part)\n`);
  }
  return exitCodeFor(result.valid);
}

/** Which limit ended a search, and the flag that raises it. */
function limitHit(why: Exhaustion | 'skipped', memory: number, timeLimitMs: number | undefined): string {
  switch (why) {
    case 'memory':
      return `the search reached its memory limit of ${Math.round(memory / 2 ** 20)} MiB (raise it with --memory)`;
    case 'time':
      return `the search reached the time limit of ${(timeLimitMs ?? 0) / 1000} s (raise it with --time-limit)`;
    case 'steps':
      return 'the search reached its step limit (raise it with --max-steps)';
    case 'configurations':
      return 'the search reached its configuration limit';
    default:
      return 'not judged';
  }
}

function filtered(history: Op[], args: CheckArgs): Op[] {
  const list = (s: string | undefined): Set<string> | null => (s === undefined ? null : new Set(s.split(',').map((x) => x.trim()).filter((x) => x !== '')));
  const fs = list(args.f);
  const keys = list(args.key);
  const kept = fs === null && keys === null ? history : history.filter((op) => op.process === 'nemesis' || ((fs === null || fs.has(op.f)) && (keys === null || (op.key !== undefined && keys.has(op.key)))));
  if (!kept.some((op) => op.process !== 'nemesis')) {
    const which = fs !== null || keys !== null ? ` match${fs ? ` --f ${args.f}` : ''}${keys ? ` --key ${args.key}` : ''}` : '';
    throw new BadInputError(`${args.file}: no operations${which} (an empty history proves nothing)`);
  }
  return kept;
}

function ednValue(text: string): unknown {
  try {
    return fromEdn(parseEdnForm(text), '--initial');
  } catch (err) {
    throw new BadInputError(`--initial must be one EDN value, got "${text}" (${(err as Error).message.split('\n')[0]})`);
  }
}

function positive(s: string, flag: string, what: string): number {
  const n = Number(s);
  if (!Number.isFinite(n) || n <= 0) throw new BadInputError(`${flag} must be a positive ${what}, got "${s}"`);
  return n;
}

function bytes(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]i?B?|B)?$/i.exec(s.trim());
  if (m === null) throw new BadInputError(`--memory must be a number of bytes, optionally with K, M or G (e.g. 512M), got "${s}"`);
  const unit = (m[2] ?? 'B').toUpperCase()[0]!;
  const scale = unit === 'K' ? 2 ** 10 : unit === 'M' ? 2 ** 20 : unit === 'G' ? 2 ** 30 : 1;
  const n = Math.floor(Number(m[1]) * scale);
  if (n <= 0) throw new BadInputError(`--memory must be positive, got "${s}"`);
  return n;
}

/** JSON.stringify replacer: bigints as their digits in a string (JSON has no exact big integers). */
function bigints(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
