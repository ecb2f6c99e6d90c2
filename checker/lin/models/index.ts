/** The models by name, as `checkLinearizable(history, 'kv')` and `lockstep check --model` take them. */
import type { Model, ModelName } from '../model.js';
import { counterModel, queueModel, setModel } from './collections.js';
import { fencedMutexModel } from './fenced-mutex.js';
import { kvModel } from './kv.js';
import { multiRegisterModel } from './multi-register.js';
import { mutexModel, ownerFreeMutexModel } from './mutex.js';
import { casRegisterModel, registerModel } from './register.js';
import { ttlLockModel } from './ttl-lock.js';
import type { NilRead } from './values-read.js';

/** What a user may set on a model from the command line; models ignore what does not apply. */
export interface ModelOptions {
  /** The initial value (register, cas-register, kv keys, counter) or map (multi-register). */
  initial?: unknown;
  nilRead?: NilRead;
}

const factories: Readonly<Record<ModelName, (o: ModelOptions) => Model<any>>> = {
  register: (o) => registerModel(registerOptions(o)),
  'cas-register': (o) => casRegisterModel(registerOptions(o)),
  'multi-register': (o) => multiRegisterModel({ ...(isMap(o.initial) ? { initial: o.initial } : {}), nilRead: o.nilRead ?? 'any' }),
  kv: (o) => kvModel(registerOptions(o)),
  mutex: () => mutexModel(),
  'owner-free-mutex': () => ownerFreeMutexModel(),
  'fenced-mutex': () => fencedMutexModel(),
  'ttl-lock': () => ttlLockModel(),
  set: () => setModel(),
  'unordered-queue': () => queueModel('unordered'),
  'fifo-queue': () => queueModel('fifo'),
  counter: (o) => counterModel(typeof o.initial === 'number' || typeof o.initial === 'bigint' ? { initial: o.initial } : {}),
};

/** Each model with its default options (nil reads mean nil, registers start at nil). */
export const models: Readonly<Record<ModelName, Model<any>>> = Object.fromEntries(
  Object.entries(factories).map(([name, make]) => [name, make({})]),
) as Record<ModelName, Model<any>>;

export const modelNames = Object.keys(factories) as ModelName[];

export function isModelName(name: string): name is ModelName {
  return Object.prototype.hasOwnProperty.call(factories, name);
}

/** A model by name with the options given. */
export function makeModel(name: ModelName, options: ModelOptions = {}): Model<any> {
  return factories[name](options);
}

/** The models `initial` makes sense for. */
export function takesInitial(name: ModelName): boolean {
  return ['register', 'cas-register', 'kv', 'multi-register', 'counter'].includes(name);
}

function registerOptions(o: ModelOptions) {
  return { ...(o.initial !== undefined ? { initial: [o.initial] } : {}), ...(o.nilRead ? { nilRead: o.nilRead } : {}) };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export { casRegisterModel, counterModel, fencedMutexModel, kvModel, multiRegisterModel, mutexModel, ownerFreeMutexModel, queueModel, registerModel, setModel, ttlLockModel };
export { defineModel, anyOf, type ModelParts } from './define.js';
export type { RegisterOptions } from './register.js';
export type { NilRead } from './values-read.js';
export type { TtlLockOptions, TtlLockState } from './ttl-lock.js';
export type { FencedMutexState } from './fenced-mutex.js';
export type { MutexState } from './mutex.js';
