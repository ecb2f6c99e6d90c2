/**
 * The border between the log and the state machine: a log payload is untrusted JSON (a buggy or
 * hostile client can put anything there), so it is checked field by field and rebuilt with only the
 * fields the command defines. Whatever is refused here has changed nothing.
 */
import type {
  ClientDeadline,
  Command,
  CommandType,
  CreateSpec,
  KvValue,
  LockMode,
  NodeKind,
  OpenMode,
  RequestFields,
} from './commands.js';
import { pathProblem } from './paths.js';
import { fail, type ErrorCode, type ErrorReply } from './replies.js';

type Fields = Record<string, unknown>;

/** Thrown inside this module only, to leave a parser at the first bad field. */
class Refusal {
  constructor(readonly reply: ErrorReply) {}
}

function refuse(code: ErrorCode, message: string): never {
  throw new Refusal(fail(code, message));
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(fields: Fields, name: string, code: ErrorCode = 'bad-argument'): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.length === 0) refuse(code, `${name} must be a non-empty string`);
  return value;
}

function anyText(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') refuse('bad-argument', `${name} must be a string`);
  return value;
}

function flag(fields: Fields, name: string): boolean | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') refuse('bad-argument', `${name} must be a boolean`);
  return value;
}

function count(fields: Fields, name: string, code: ErrorCode = 'bad-argument'): number {
  const value = fields[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    refuse(code, `${name} must be a non-negative integer`);
  }
  return value;
}

function duration(fields: Fields, name: string, code: ErrorCode): number {
  const value = fields[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    refuse(code, `${name} must be a finite non-negative number`);
  }
  return value;
}

function path(fields: Fields): string {
  const value = fields.path;
  if (typeof value !== 'string') refuse('bad-path', 'path must be a string');
  const problem = pathProblem(value);
  if (problem !== null) refuse('bad-path', problem);
  return value;
}

function oneOf<T extends string>(fields: Fields, name: string, allowed: readonly T[], code: ErrorCode): T {
  const value = fields[name];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    refuse(code, `${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value as T;
}

function kvValue(value: unknown, name: string): KvValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return refuse('bad-argument', `${name} must be a string, a finite number or a boolean`);
}

function requestFields(fields: Fields): RequestFields {
  const hasClient = fields.clientId !== undefined;
  const hasSeq = fields.seq !== undefined;
  if (!hasClient && !hasSeq) return {};
  if (hasClient !== hasSeq) refuse('bad-argument', 'clientId and seq go together');
  const clientId = text(fields, 'clientId');
  const seq = fields.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    refuse('bad-argument', 'seq must be a positive integer');
  }
  return { clientId, seq };
}

function withDeadline<T extends ClientDeadline>(fields: Fields, command: T): T {
  if (fields.deadlineNs !== undefined) command.deadlineNs = duration(fields, 'deadlineNs', 'bad-expiry');
  return command;
}

const LOCK_MODES: readonly LockMode[] = ['exclusive', 'shared'];
const OPEN_MODES: readonly OpenMode[] = ['read', 'write'];
const NODE_KINDS: readonly NodeKind[] = ['file', 'directory'];

function createSpec(fields: Fields): CreateSpec | undefined {
  const raw = fields.create;
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) refuse('bad-argument', 'create must be an object');
  const kind = oneOf(raw, 'kind', NODE_KINDS, 'bad-argument');
  const ephemeral = flag(raw, 'ephemeral') ?? false;
  const content = raw.content === undefined ? '' : anyText(raw, 'content');
  if (kind === 'directory' && ephemeral) refuse('bad-argument', 'directories cannot be ephemeral');
  if (kind === 'directory' && content !== '') refuse('bad-argument', 'directories have no contents');
  return { kind, ephemeral, content };
}

const PARSERS: { [T in CommandType]: (fields: Fields) => Extract<Command, { type: T }> } = {
  tick: (f) => {
    const command: Extract<Command, { type: 'tick' }> = { type: 'tick', elapsedNs: duration(f, 'elapsedNs', 'bad-argument') };
    if (f.wallNs !== undefined) command.wallNs = duration(f, 'wallNs', 'bad-argument');
    return command;
  },
  'open-session': (f) => {
    const command: Extract<Command, { type: 'open-session' }> = { type: 'open-session', client: text(f, 'client') };
    if (f.ttlNs !== undefined) {
      const ttlNs = duration(f, 'ttlNs', 'bad-ttl');
      if (ttlNs === 0) refuse('bad-ttl', 'ttlNs must be positive');
      command.ttlNs = ttlNs;
    }
    return withDeadline(f, command);
  },
  'keep-alive': (f) => withDeadline<Extract<Command, { type: 'keep-alive' }>>(f, { type: 'keep-alive', session: text(f, 'session') }),
  'close-session': (f) => {
    const lapsed = flag(f, 'lapsed');
    return { type: 'close-session', session: text(f, 'session'), ...(lapsed !== undefined ? { lapsed } : {}) };
  },
  open: (f) => {
    const command: Extract<Command, { type: 'open' }> = {
      type: 'open',
      session: text(f, 'session'),
      path: path(f),
      mode: oneOf(f, 'mode', OPEN_MODES, 'bad-mode'),
    };
    const create = createSpec(f);
    if (create !== undefined) command.create = create;
    const exclusive = flag(f, 'exclusive');
    if (exclusive !== undefined) command.exclusive = exclusive;
    return command;
  },
  close: (f) => ({ type: 'close', session: text(f, 'session'), path: path(f) }),
  delete: (f) => ({ type: 'delete', session: text(f, 'session'), path: path(f) }),
  'get-contents': (f) => ({ type: 'get-contents', session: text(f, 'session'), path: path(f) }),
  'set-contents': (f) => {
    const command: Extract<Command, { type: 'set-contents' }> = {
      type: 'set-contents',
      session: text(f, 'session'),
      path: path(f),
      content: anyText(f, 'content'),
    };
    if (f.expectedVersion !== undefined) command.expectedVersion = count(f, 'expectedVersion');
    return command;
  },
  list: (f) => ({ type: 'list', session: text(f, 'session'), path: path(f) }),
  acquire: (f) => {
    const wait = flag(f, 'wait');
    if (wait === undefined) refuse('bad-argument', 'wait must be a boolean');
    return {
      type: 'acquire',
      session: text(f, 'session'),
      path: path(f),
      mode: oneOf(f, 'mode', LOCK_MODES, 'bad-mode'),
      wait,
    };
  },
  release: (f) => ({ type: 'release', session: text(f, 'session'), path: path(f), token: count(f, 'token') }),
  'check-sequencer': (f) => ({ type: 'check-sequencer', lock: text(f, 'lock'), token: count(f, 'token') }),
  'try-lock': (f) => {
    const expireMs = f.expireMs;
    if (typeof expireMs !== 'number' || !Number.isSafeInteger(expireMs) || expireMs <= 0) {
      refuse('bad-expiry', `expireMs must be a positive integer; got ${JSON.stringify(expireMs) ?? 'nothing'}`);
    }
    return withDeadline<Extract<Command, { type: 'try-lock' }>>(f, { type: 'try-lock', resourceId: text(f, 'resourceId'), owner: text(f, 'owner', 'bad-owner'), expireMs });
  },
  unlock: (f) => ({ type: 'unlock', resourceId: text(f, 'resourceId'), owner: text(f, 'owner', 'bad-owner') }),
  get: (f) => ({ type: 'get', key: text(f, 'key') }),
  put: (f) => ({ type: 'put', key: text(f, 'key'), value: kvValue(f.value, 'value') }),
  cas: (f) => {
    const command: Extract<Command, { type: 'cas' }> = { type: 'cas', key: text(f, 'key'), value: kvValue(f.value, 'value') };
    if (f.expectedValue !== undefined) {
      command.expectedValue = f.expectedValue === null ? null : kvValue(f.expectedValue, 'expectedValue');
    }
    if (f.expectedVersion !== undefined) command.expectedVersion = count(f, 'expectedVersion');
    if (command.expectedValue === undefined && command.expectedVersion === undefined) {
      refuse('bad-argument', 'cas needs expectedValue or expectedVersion');
    }
    return command;
  },
};

function isCommandType(type: unknown): type is CommandType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(PARSERS, type);
}

export function parseCommand(raw: unknown): Command | ErrorReply {
  if (!isRecord(raw)) return fail('unknown-command', 'a command must be a JSON object');
  if (!isCommandType(raw.type)) {
    return fail('unknown-command', `unknown command type ${JSON.stringify(raw.type) ?? 'nothing'}`);
  }
  try {
    const envelope = requestFields(raw);
    const command = PARSERS[raw.type](raw);
    return { ...command, ...envelope };
  } catch (thrown) {
    if (thrown instanceof Refusal) return thrown.reply;
    throw thrown;
  }
}
