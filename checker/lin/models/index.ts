/** The models by name, as `checkLinearizable(history, 'kv')` and `lockstep check --model` take them. */
import type { Model, ModelName } from '../model.js';
import { fencedMutexModel } from './fenced-mutex.js';
import { kvModel } from './kv.js';
import { mutexModel } from './mutex.js';
import { casRegisterModel, registerModel } from './register.js';
import { ttlLockModel } from './ttl-lock.js';

export const models: Readonly<Record<ModelName, Model<any>>> = {
  register: registerModel(),
  'cas-register': casRegisterModel(),
  kv: kvModel(),
  mutex: mutexModel(),
  'fenced-mutex': fencedMutexModel(),
  'ttl-lock': ttlLockModel(),
};

export const modelNames = Object.keys(models) as ModelName[];

export function isModelName(name: string): name is ModelName {
  return Object.prototype.hasOwnProperty.call(models, name);
}

export { casRegisterModel, fencedMutexModel, kvModel, mutexModel, registerModel, ttlLockModel };
export type { RegisterOptions } from './register.js';
export type { TtlLockOptions, TtlLockState } from './ttl-lock.js';
export type { FencedMutexState } from './fenced-mutex.js';
export type { MutexState } from './mutex.js';
