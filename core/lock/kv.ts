/**
 * A small key-value store beside the locks (ChubbyGo's get/put and compare-and-swap). Reads go
 * through the log too, so they are linearizable. Every write bumps the key's version.
 */
import type { KvCasCommand, KvGetCommand, KvPutCommand } from './commands.js';
import type { ApplyContext } from './context.js';
import type { KvCasReply, KvGetReply, KvPutReply } from './replies.js';

export function kvGet(ctx: ApplyContext, command: KvGetCommand): KvGetReply {
  const entry = ctx.state.kv.get(command.key);
  return { ok: true, type: 'get', value: entry?.value ?? null, version: entry?.version ?? 0 };
}

export function kvPut(ctx: ApplyContext, command: KvPutCommand): KvPutReply {
  const version = (ctx.state.kv.get(command.key)?.version ?? 0) + 1;
  ctx.state.kv.set(command.key, { value: command.value, version });
  return { ok: true, type: 'put', version };
}

export function kvCas(ctx: ApplyContext, command: KvCasCommand): KvCasReply {
  const entry = ctx.state.kv.get(command.key);
  const value = entry?.value ?? null;
  const version = entry?.version ?? 0;
  const valueMatches = command.expectedValue === undefined || command.expectedValue === value;
  const versionMatches = command.expectedVersion === undefined || command.expectedVersion === version;
  if (!valueMatches || !versionMatches) return { ok: true, type: 'cas', swapped: false, value, version };
  ctx.state.kv.set(command.key, { value: command.value, version: version + 1 });
  return { ok: true, type: 'cas', swapped: true, value: command.value, version: version + 1 };
}
