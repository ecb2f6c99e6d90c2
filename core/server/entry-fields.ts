/**
 * The few fields the host and the monitors read from a log entry's command, read without trusting
 * its shape: Raft carries commands as opaque data, and an entry may come from a snapshot, a peer or
 * an older version. A field that is absent or of the wrong type is simply not there.
 */
export interface EntryFields {
  /** The command's (or membership change's) type. */
  type?: string;
  /** The exactly-once identity of a client request. */
  clientId?: string;
  seq?: number;
  /** A tick's advance of log time. */
  elapsedNs?: number;
  /** A membership change's node. */
  node?: string;
}

function field<T>(data: object, name: string, type: 'string' | 'number'): T | undefined {
  const value: unknown = (data as Record<string, unknown>)[name];
  return typeof value === type ? (value as T) : undefined;
}

/** The fields of `data` that `EntryFields` names, each only when it has its type. */
export function entryFieldsOf(data: unknown): EntryFields {
  if (typeof data !== 'object' || data === null) return {};
  const fields: EntryFields = {};
  const type = field<string>(data, 'type', 'string');
  if (type !== undefined) fields.type = type;
  const clientId = field<string>(data, 'clientId', 'string');
  if (clientId !== undefined) fields.clientId = clientId;
  const seq = field<number>(data, 'seq', 'number');
  if (seq !== undefined) fields.seq = seq;
  const elapsedNs = field<number>(data, 'elapsedNs', 'number');
  if (elapsedNs !== undefined) fields.elapsedNs = elapsedNs;
  const node = field<string>(data, 'node', 'string');
  if (node !== undefined) fields.node = node;
  return fields;
}
