/** Disks with a prepared log, for tests that start from a given cluster history. */
import { MemoryStorage } from '../storage.js';
import type { Entry, HardState, NodeId } from '../types.js';

/**
 * A disk holding the bootstrap snapshot of `voters` (index 1, term 1) followed by one entry per
 * element of `terms` (index 2 onwards, with data "e<index>t<term>"), and a hard state in the
 * last term unless `hardState` says otherwise.
 */
export function diskWithLog(
  voters: readonly NodeId[],
  terms: readonly number[],
  hardState: Partial<HardState> = {},
): MemoryStorage {
  const disk = new MemoryStorage();
  disk.installSnapshot({ index: 1, term: 1, conf: { voters: [...voters], learners: [] }, data: null });
  const entries: Entry[] = terms.map((term, k) => ({
    term,
    index: k + 2,
    type: 'normal',
    data: `e${k + 2}t${term}`,
  }));
  disk.append(entries);
  disk.setHardState({ term: Math.max(1, ...terms), vote: null, commit: 1, ...hardState });
  return disk;
}
