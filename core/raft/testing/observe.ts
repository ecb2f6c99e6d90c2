/**
 * Turns what a test cluster's nodes do into the plain observations the Raft monitors of
 * `checker/raft` read. Structural only: core code never imports the checker.
 */
import type { Entry } from '../types.js';
import type { ClusterEvent } from './cluster.js';

/** A digest of an entry's command that is the same on every node. */
export function entryDigest(e: Entry): string {
  return `${e.type}:${typeof e.data === 'string' ? e.data : JSON.stringify(e.data)}`;
}

function ref(e: Entry) {
  return { index: e.index, term: e.term, digest: entryDigest(e) };
}

/** The observation a host reports for one event, stamped with time `t`. */
export function observationOf(event: ClusterEvent, t: number) {
  const s = event.raw.status();
  const base = { t, node: event.node, term: s.term, role: s.role, commitIndex: s.commit, lastIndex: s.lastIndex };
  if (event.kind === 'restart') {
    const snap = event.storage.snapshot();
    return {
      ...base,
      restarted: true,
      ...(snap ? { snapshot: { index: snap.index, term: snap.term } } : {}),
      appended: event.raw.entries(s.snapshotIndex + 1, s.lastIndex + 1).map(ref),
    };
  }
  const rd = event.ready;
  return {
    ...base,
    ...(rd.snapshot ? { snapshot: { index: rd.snapshot.index, term: rd.snapshot.term } } : {}),
    appended: rd.entries.map(ref),
    applied: rd.committedEntries.map(ref),
  };
}
