/**
 * One story per root cause: the violations of a run grouped under the one they follow from, with
 * the faults that overlap it in time and the processes involved (the causal candidates).
 *
 * A stale write that rolls a counter back is one violation (ME-effect), and every increment after
 * it that re-writes a value already written is another (LW): seventeen cards for one event. A
 * later violation joins the story of an earlier one (its root) when both are about the same lock
 * or key and either the root's instant lies inside the later violation's window (a lost update
 * whose two writes straddle the stale write) or the two name the same fencing token. Among several
 * roots that qualify, the latest one before it wins: the most immediate cause.
 *
 * The faults are candidates, not a verdict: lockstep cannot tell which fault caused what, only
 * which ones were under way, and on which processes, while the root unfolded.
 */
import type { FaultInterval, RunRecord, Violation } from '../../checker/history.js';
import { compareNatural } from '../html/format.js';
import { focusViolation, type ViolationFocus } from './violation-focus.js';

/** A fault in the running for a story's cause, and why. */
export interface CandidateFault {
  /** Index into the fault list the stories were told from. */
  fault: number;
  /** It targeted a process the root involves (the strongest hint lockstep can give). */
  targetsInvolved: boolean;
  /** It overlapped the root's own window (rather than only a later violation's). */
  duringRoot: boolean;
}

export interface Story {
  /** 1-based, in the order the roots became visible. */
  n: number;
  /** Indices into the violations the stories were told from; the root first, then in time order. */
  members: number[];
  subject: string | null;
  /** The root's window, and the window of the whole story (root and followers). */
  rootStart: number;
  rootEnd: number;
  start: number;
  end: number;
  /** Processes involved: the root's and its followers' clients, then the targets of candidate faults. */
  processes: string[];
  /** Ranked: faults on involved processes during the root first, then the rest during the root, then later. */
  candidates: CandidateFault[];
}

/** Candidate faults whose targets are named among the processes involved (the rest are listed, not named). */
const NAMED_TARGETS = 3;

/** How long before a root's window a fault may have ended and still be a candidate, as a fraction of the window. */
const LOOKBACK = 0.5;

/**
 * Groups `violations` (in the order they became visible) into stories. `faults` are the run's
 * fault intervals (an open end means the run ended inside it).
 */
export function tellStories(
  violations: Violation[],
  record: RunRecord,
  faults: FaultInterval[],
  runEnd: number,
  isProcess: (name: string) => boolean = () => true,
): Story[] {
  const focus = violations.map((v) => focusViolation(v, record));
  const stories: { root: number; members: number[] }[] = [];
  violations.forEach((v, i) => {
    const f = focus[i] as ViolationFocus;
    let best: { root: number; members: number[] } | null = null;
    for (const s of stories) {
      const r = violations[s.root] as Violation;
      const rf = focus[s.root] as ViolationFocus;
      if (!sameSubject(rf.subject, f.subject)) continue;
      const straddles = f.start <= r.at && r.at <= f.end;
      const sharesToken = rf.subject !== null && f.tokens.some((t) => rf.tokens.includes(t));
      if (!straddles && !sharesToken) continue;
      if (best === null || (violations[best.root] as Violation).at <= r.at) best = s;
    }
    if (best) best.members.push(i);
    else stories.push({ root: i, members: [i] });
  });

  return stories.map((s, k) => {
    const rf = focus[s.root] as ViolationFocus;
    const start = Math.min(...s.members.map((i) => (focus[i] as ViolationFocus).start));
    const end = Math.max(...s.members.map((i) => (focus[i] as ViolationFocus).end));
    const clients = new Set<string>();
    for (const i of s.members) for (const c of (focus[i] as ViolationFocus).clients) if (isProcess(c)) clients.add(c);
    const rootClients = new Set(rf.clients);
    const lookback = (rf.end - rf.start) * LOOKBACK;
    const candidates: CandidateFault[] = [];
    faults.forEach((fault, fi) => {
      const fEnd = fault.end ?? runEnd;
      const duringRoot = fault.start <= rf.end && fEnd >= rf.start - lookback;
      const duringStory = fault.start <= end && fEnd >= start;
      if (!duringRoot && !duringStory) return;
      const targetsInvolved = (fault.targets ?? []).some((t) => rootClients.has(t));
      candidates.push({ fault: fi, targetsInvolved: targetsInvolved && duringRoot, duringRoot });
    });
    const rank = (c: CandidateFault): number => (c.targetsInvolved ? 0 : c.duringRoot ? 1 : 2);
    // Nearest to the root's instant first within a rank: the fault that ended just before it.
    const rootAt = (violations[s.root] as Violation).at;
    const distance = (c: CandidateFault): number => {
      const fault = faults[c.fault] as FaultInterval;
      const fEnd = fault.end ?? runEnd;
      return rootAt < fault.start ? fault.start - rootAt : rootAt > fEnd ? rootAt - fEnd : 0;
    };
    candidates.sort((a, b) => rank(a) - rank(b) || distance(a) - distance(b) || a.fault - b.fault);
    const processes = [...clients].sort(compareNatural);
    for (const c of candidates.slice(0, NAMED_TARGETS)) {
      if (!c.targetsInvolved && !c.duringRoot) continue;
      for (const t of (faults[c.fault] as FaultInterval).targets ?? []) if (!processes.includes(t)) processes.push(t);
    }
    return {
      n: k + 1,
      members: s.members,
      subject: rf.subject,
      rootStart: rf.start,
      rootEnd: rf.end,
      start,
      end,
      processes,
      candidates,
    };
  });
}

function sameSubject(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}
