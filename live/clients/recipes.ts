/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The recipe a client process runs, by target and recipe name. A fenced recipe runs the same
 * client code as its unfenced twin: only the resource differs.
 */
import { EtcdLockRecipe } from './etcd-lock.js';
import type { ClientInit } from './protocol.js';
import type { Recipe } from './recipe.js';
import { RedlockRecipe, SentinelSetNxRecipe } from './redis-locks.js';
import { CuratorMutexRecipe, SchemeARecipe } from './zookeeper-locks.js';

export type ClientAlgorithm = 'etcd-lock' | 'zk-scheme-a' | 'zk-curator' | 'redlock' | 'sentinel-setnx';

export const ALGORITHMS: Record<ClientAlgorithm, (init: ClientInit) => Recipe> = {
  'etcd-lock': (i) => new EtcdLockRecipe(i),
  'zk-scheme-a': (i) => new SchemeARecipe(i),
  'zk-curator': (i) => new CuratorMutexRecipe(i),
  redlock: (i) => new RedlockRecipe(i),
  'sentinel-setnx': (i) => new SentinelSetNxRecipe(i),
};

export function recipeFor(init: ClientInit): Recipe {
  const make = ALGORITHMS[init.recipe as ClientAlgorithm];
  if (!make) throw new Error(`unknown client algorithm ${init.recipe}`);
  return make(init);
}
