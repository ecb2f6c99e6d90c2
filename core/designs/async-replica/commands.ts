/**
 * What a primary does with a client's command: the answer and the effects to apply and replicate.
 * Pure: it reads the keyspace at the primary's local time and changes nothing itself, so the
 * primary applies the very effects it streams.
 */
import type { LocalNs } from '../../env.js';
import { fenceKey } from './keys.js';
import type { Keyspace } from './keyspace.js';
import type { CommandReply, Effect, KvValue, StoreCommand } from './protocol.js';

export interface Execution {
  reply: CommandReply;
  effects: Effect[];
}

export function execute(command: StoreCommand, keys: Keyspace, now: LocalNs): Execution {
  switch (command.op) {
    case 'lock': {
      const held = keys.get(command.key, now);
      if (held !== undefined && held.value !== command.owner) {
        return { reply: { op: 'lock', acquired: false, holder: String(held.value) }, effects: [] };
      }
      if (held !== undefined) {
        // The owner asks again (a retry whose first reply was lost): the grant it already has.
        const pttlNs = held.expiresAt === null ? command.ttlNs : held.expiresAt - now;
        return { reply: { op: 'lock', acquired: true, token: held.token ?? counter(keys, command.key, now), pttlNs }, effects: [] };
      }
      const token = counter(keys, command.key, now) + 1;
      return {
        reply: { op: 'lock', acquired: true, token, pttlNs: command.ttlNs },
        effects: [
          { op: 'set', key: command.key, value: command.owner, ttlNs: command.ttlNs, token },
          { op: 'set', key: fenceKey(command.key), value: token, ttlNs: null },
        ],
      };
    }
    case 'unlock': {
      const held = keys.get(command.key, now);
      if (held === undefined) return { reply: { op: 'unlock', status: 'not-held' }, effects: [] };
      if (held.value !== command.owner) return { reply: { op: 'unlock', status: 'held-by-other' }, effects: [] };
      return { reply: { op: 'unlock', status: 'ok' }, effects: [{ op: 'del', key: command.key }] };
    }
    case 'get':
      return { reply: { op: 'get', value: keys.get(command.key, now)?.value ?? null }, effects: [] };
    case 'put':
      return { reply: { op: 'put' }, effects: [{ op: 'set', key: command.key, value: command.value, ttlNs: null }] };
    case 'cas': {
      const current: KvValue | null = keys.get(command.key, now)?.value ?? null;
      if (current !== command.expected) return { reply: { op: 'cas', swapped: false, value: current }, effects: [] };
      return {
        reply: { op: 'cas', swapped: true, value: command.value },
        effects: [{ op: 'set', key: command.key, value: command.value, ttlNs: null }],
      };
    }
  }
}

/** The last token handed out for `key` (0 before the first grant). */
function counter(keys: Keyspace, key: string, now: LocalNs): number {
  const v = keys.get(fenceKey(key), now)?.value;
  return typeof v === 'number' ? v : 0;
}

/** A command that arrived malformed is refused before it can reach `execute`. */
export function isStoreCommand(c: unknown): c is StoreCommand {
  if (typeof c !== 'object' || c === null) return false;
  const x = c as Record<string, unknown>;
  if (typeof x.key !== 'string') return false;
  const value = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  switch (x.op) {
    case 'lock':
      return typeof x.owner === 'string' && typeof x.ttlNs === 'number' && Number.isFinite(x.ttlNs) && x.ttlNs > 0;
    case 'unlock':
      return typeof x.owner === 'string';
    case 'get':
      return true;
    case 'put':
      return value(x.value);
    case 'cas':
      return value(x.value) && (x.expected === null || value(x.expected));
    default:
      return false;
  }
}
