/**
 * `lockstep report <run-dir>`: renders a run folder's report.html again from the files the run
 * left (result.json, history.jsonl, record.json, trace.jsonl), e.g. after an upgrade of lockstep
 * or for a folder copied from CI; a folder with a summary.json gets its sweep index instead.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../checker/history.js';
import { HistoryFormatError, parseHistoryJsonl } from '../../checker/io/index.js';
import { parseTraceLines, type TraceEvent } from '../../checker/trace.js';
import { renderRunReport } from '../../reports/index.js';
import { BadInputError, EXIT } from '../errors.js';
import { renderSweep } from '../render.js';
import type { RunResultDoc } from '../run-files.js';
import type { SweepSummary } from '../sweep/types.js';

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new BadInputError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function readTrace(path: string): TraceEvent[] {
  if (!existsSync(path)) return [];
  try {
    return parseTraceLines(readFileSync(path, 'utf8'), path);
  } catch (err) {
    throw new BadInputError((err as Error).message);
  }
}

export function reportCommand(dir: string): number {
  if (!existsSync(dir)) throw new BadInputError(`no such run folder: ${dir}`);
  if (existsSync(join(dir, 'summary.json')) && !existsSync(join(dir, 'result.json'))) {
    const summary = readJson<SweepSummary>(join(dir, 'summary.json'));
    if (!Array.isArray(summary.rows)) throw new BadInputError(`${join(dir, 'summary.json')} is not a lockstep sweep summary`);
    writeFileSync(join(dir, 'index.html'), renderSweep(summary));
    process.stdout.write(`sweep report: ${join(dir, 'index.html')}\n`);
    return EXIT.valid;
  }
  const resultPath = join(dir, 'result.json');
  if (!existsSync(resultPath)) throw new BadInputError(`${dir} has no result.json (is it a run folder?)`);
  const result = readJson<RunResultDoc>(resultPath);
  const historyPath = join(dir, 'history.jsonl');
  let history: RunRecord['history'] = [];
  if (existsSync(historyPath)) {
    try {
      history = parseHistoryJsonl(readFileSync(historyPath, 'utf8'), { source: historyPath });
    } catch (err) {
      if (err instanceof HistoryFormatError) throw new BadInputError(err.message);
      throw err;
    }
  }
  const rest = existsSync(join(dir, 'record.json')) ? readJson<Omit<RunRecord, 'history'>>(join(dir, 'record.json')) : {};
  const record: RunRecord = { ...rest, history };
  writeFileSync(join(dir, 'report.html'), renderRunReport({ result, record, trace: readTrace(join(dir, 'trace.jsonl')) }));
  process.stdout.write(`run report: ${join(dir, 'report.html')}\n`);
  return EXIT.valid;
}
