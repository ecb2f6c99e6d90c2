/** Parsing of the command's argument values, with one-line errors that name the argument. */
import { BadInputError } from './errors.js';

export { parseShard } from './shard.js';

export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text)) throw new BadInputError(`--seed must be a non-negative integer, got "${text}"`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new BadInputError(`--seed is too large: "${text}"`);
  return n;
}

/** "a..b" (inclusive) or a single seed "n". */
export function parseSeedRange(text: string): { from: number; to: number } {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  if (!m) throw new BadInputError(`--seeds must look like 1..100 (or a single seed), got "${text}"`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new BadInputError(`--seeds bounds are too large: "${text}"`);
  if (to < from) throw new BadInputError(`--seeds range is empty: ${from} is after ${to}`);
  return { from, to };
}

export function parsePositiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new BadInputError(`${flag} must be a positive integer, got "${text}"`);
  return Number(text);
}
