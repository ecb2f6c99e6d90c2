/**
 * Feeds the Raft invariant monitors from the servers' observer calls. The monitors want, for
 * every batch, the node's current term, role and commit index; the servers report events one at a
 * time, so this keeps each node's current view and turns every event into one observation.
 */
import { entryFieldsOf } from '../../core/server/entry-fields.js';
import { RaftMonitor, type EntryRef, type RaftObservation } from '../../checker/raft/index.js';
import type { NodeId } from '../../core/env.js';
import type { ServerObserver } from '../../core/server/observer.js';
import type { Entry, HardState, Role } from '../../core/raft/types.js';

interface View {
  term: number;
  role: Role;
  commit: number;
}

/** A digest of an entry's command that is the same on every node: who asked, and what. */
export function entryDigest(e: Entry): string {
  if (e.type === 'empty') return 'empty';
  const d = entryFieldsOf(e.data);
  if (e.type === 'conf-change') return `conf:${d.type}:${d.node}`;
  if (d.type === 'tick') return `tick:${d.elapsedNs}`;
  return `${d.type}:${d.clientId ?? ''}:${d.seq ?? ''}`;
}

/**
 * Entries are immutable, and in the simulator every node holds the leader's own entry objects, so
 * one ref per entry serves every node's append and apply (ten digests per entry on five nodes).
 * Kept by log index and checked by identity: an entry that replaced another at its index (a
 * follower's overwritten tail) gets a ref of its own.
 */
class EntryRefs {
  private readonly entries: Entry[] = [];
  private readonly refs: EntryRef[] = [];

  of(e: Entry): EntryRef {
    if (this.entries[e.index] === e) return this.refs[e.index] as EntryRef;
    const r: EntryRef = { index: e.index, term: e.term, digest: entryDigest(e) };
    this.entries[e.index] = e;
    this.refs[e.index] = r;
    return r;
  }
}

/** An observation being filled in: the node's current view, then what the event adds. */
type Observation = { -readonly [K in keyof RaftObservation]: RaftObservation[K] };

export class RaftBridge implements ServerObserver {
  readonly monitor = new RaftMonitor();
  private readonly views = new Map<NodeId, View>();
  private readonly refs = new EntryRefs();
  private readonly ref = (e: Entry): EntryRef => this.refs.of(e);

  constructor(private readonly now: () => number) {}

  private view(node: NodeId): View {
    let v = this.views.get(node);
    if (!v) {
      v = { term: 0, role: 'follower', commit: 0 };
      this.views.set(node, v);
    }
    return v;
  }

  /**
   * The node's current view as a new observation; the caller adds what the event adds, field by
   * field (an Object.assign of a small literal per event cost a measurable share of raft-chaos).
   */
  private observation(node: NodeId): Observation {
    const v = this.view(node);
    return { t: this.now(), node, term: v.term, role: v.role, commitIndex: v.commit };
  }

  boot(node: NodeId, hs: HardState | null, snapshot: { index: number; term: number } | null, entries: readonly Entry[]): void {
    const v = this.view(node);
    v.term = hs?.term ?? 0;
    v.role = 'follower';
    v.commit = Math.max(hs?.commit ?? 0, snapshot?.index ?? 0);
    const obs = this.observation(node);
    obs.restarted = true;
    obs.vote = hs?.vote ?? null;
    obs.appended = entries.map(this.ref);
    if (snapshot) obs.snapshot = snapshot;
    this.monitor.observe(obs);
  }

  role(node: NodeId, role: Role, term: number): void {
    const v = this.view(node);
    v.role = role;
    v.term = term;
    this.monitor.observe(this.observation(node));
  }

  append(node: NodeId, entries: readonly Entry[]): void {
    const obs = this.observation(node);
    obs.appended = entries.map(this.ref);
    this.monitor.observe(obs);
  }

  hardState(node: NodeId, hs: HardState): void {
    const v = this.view(node);
    v.term = hs.term;
    v.commit = hs.commit;
    // The vote travels only with the hard state it belongs to: other events carry a term that
    // may already be newer than the last vote written.
    const obs = this.observation(node);
    obs.vote = hs.vote;
    this.monitor.observe(obs);
  }

  apply(node: NodeId, entry: Entry): void {
    const obs = this.observation(node);
    obs.applied = [this.refs.of(entry)];
    this.monitor.observe(obs);
  }

  snapshot(node: NodeId, index: number, term: number): void {
    const v = this.view(node);
    v.commit = Math.max(v.commit, index);
    const obs = this.observation(node);
    obs.snapshot = { index, term };
    this.monitor.observe(obs);
  }
}
