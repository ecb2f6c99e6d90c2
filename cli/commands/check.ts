/**
 * `lockstep check <history> --model <m>`: the linearizability checker on a history from a file,
 * a lockstep `history.jsonl` or a Jepsen/Knossos `history.edn`.
 * Exit 0 valid, 1 invalid, 2 unknown, 254 bad input.
 */
import { readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HistoryFormatError, parseHistory, type HistoryFormat } from '../../checker/io/index.js';
import { checkLinearizable, LinInputError, type ModelName } from '../../checker/lin/index.js';
import { BadInputError, exitCodeFor } from '../errors.js';

export const CHECK_MODELS: readonly ModelName[] = ['register', 'cas-register', 'kv', 'mutex', 'fenced-mutex', 'ttl-lock'];

export interface CheckArgs {
  file: string;
  model?: string;
  format?: string;
  timeLimit?: string;
  /** Values are jepsen.independent `[key value]` tuples: check each key on its own. */
  independent?: boolean;
  /** Number ops by position when an EDN history has no :time (as Knossos's own test data). */
  missingTimeByPosition?: boolean;
  json?: boolean;
}

export function checkCommand(args: CheckArgs): number {
  if (args.model === undefined) throw new BadInputError(`check needs --model <${CHECK_MODELS.join('|')}>`);
  if (!CHECK_MODELS.includes(args.model as ModelName)) {
    throw new BadInputError(`unknown model "${args.model}" (models: ${CHECK_MODELS.join(', ')})`);
  }
  if (args.format !== undefined && args.format !== 'jsonl' && args.format !== 'edn') {
    throw new BadInputError(`--format must be jsonl or edn, got "${args.format}"`);
  }
  let timeLimitMs: number | undefined;
  if (args.timeLimit !== undefined) {
    const s = Number(args.timeLimit);
    if (!Number.isFinite(s) || s <= 0) throw new BadInputError(`--time-limit must be a positive number of seconds, got "${args.timeLimit}"`);
    timeLimitMs = s * 1000;
  }
  let text: string;
  try {
    if (!statSync(args.file).isFile()) throw new Error('not a file');
    text = readFileSync(args.file, 'utf8');
  } catch {
    throw new BadInputError(`cannot read history file ${args.file}`);
  }
  const started = performance.now();
  let result;
  try {
    const history = parseHistory(text, {
      source: args.file,
      independent: Boolean(args.independent),
      missingTime: args.missingTimeByPosition ? 'position' : 'error',
      ...(args.format ? { format: args.format as HistoryFormat } : {}),
    });
    result = checkLinearizable(history, args.model as ModelName, { now: () => performance.now(), ...(timeLimitMs !== undefined ? { timeLimitMs } : {}) });
  } catch (err) {
    if (err instanceof HistoryFormatError || err instanceof LinInputError) throw new BadInputError(err.message.split('\n')[0] ?? err.message);
    throw err;
  }
  const wallMs = Math.round(performance.now() - started);
  if (args.json) {
    // A valid part's full linearization is as long as the history: leave it out of the summary.
    const partitions = result.partitions.map(({ linearization: _l, ...rest }) => rest);
    process.stdout.write(JSON.stringify({ file: args.file, wallMs, ...result, partitions }) + '\n');
  } else {
    const ops = result.partitions.reduce((a, p) => a + p.opsChecked, 0);
    const verdict = result.valid === true ? 'VALID: linearizable' : result.valid === false ? 'INVALID: not linearizable' : 'UNKNOWN: the checker ran out of budget';
    process.stdout.write(`${verdict} (${args.model}, ${result.partitions.length} part(s), ${ops} ops, ${result.failedOps} failed ops dropped, ${wallMs} ms)\n`);
    for (const v of result.violations) process.stdout.write(`  [${v.kind}] ${v.explanation}\n`);
    for (const p of result.partitions) {
      if (p.valid === 'unknown') process.stdout.write(`  part ${p.key ?? '(whole history)'}: unknown (${p.exhausted ?? 'budget'})\n`);
    }
  }
  return exitCodeFor(result.valid);
}
