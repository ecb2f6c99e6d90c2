/**
 * Where a grant's fencing token comes from. The safe source is the log index of the entry that
 * caused the grant: it only grows, and no snapshot or restart can lose it because it is the log's
 * own position. A counter kept in the state grows just as well, until a snapshot that leaves it
 * out restarts it (snapshot-token-reset).
 */
import type { Token } from './commands.js';
import type { ApplyContext } from './context.js';

export function nextToken(ctx: ApplyContext): Token {
  if (ctx.config.tokenSource === 'log-index') return ctx.index;
  const token = (ctx.state.tokenCounter ?? 0) + 1;
  ctx.state.tokenCounter = token;
  return token;
}
