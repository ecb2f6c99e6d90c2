/**
 * Planted semantic bugs: each is one small textual patch to one file of `core/`, the kind of slip
 * a maintainer could make and a code review could miss. `npm run mutants` applies each to a scratch
 * copy and asks whether the general sweeps (lock-chaos and raft-chaos, safe designs) catch it.
 * These are the project's own bugs for measuring its power; none of them is a design of any
 * scenario, and no checker knows of them.
 */

export interface Mutant {
  id: string;
  /** What part of the system the bug lives in. */
  area: 'raft' | 'lock' | 'client' | 'resource' | 'server';
  /** The source file (relative to the repository root) and the one text in it to replace. */
  file: string;
  find: string;
  replace: string;
  /** The bug in a sentence. */
  bug: string;
  /**
   * Why no run can observe this bug under the design's stated assumptions (an equivalent mutant),
   * when that is so: the table marks it and the score leaves it out. docs/power.md argues each.
   */
  equivalent?: string;
}

export const MUTANTS: readonly Mutant[] = [
  // ---- Raft: election
  {
    id: 'raft-vote-stale-log',
    area: 'raft',
    file: 'core/raft/raft.ts',
    find: 'const grant = canVote && this.log.isUpToDate(m.lastIndex, m.lastTerm);',
    replace: 'const grant = canVote;',
    bug: 'a vote is granted without comparing logs, so a candidate missing committed entries can win',
  },
  {
    id: 'raft-vote-twice',
    area: 'raft',
    file: 'core/raft/raft.ts',
    find: '(this.vote === null && this.leader === null) ||',
    replace: '(this.leader === null) ||',
    bug: 'a node that knows no leader votes again in a term where it already voted for someone else',
  },
  {
    id: 'raft-uptodate-off-by-one',
    area: 'raft',
    file: 'core/raft/log.ts',
    find: '(lastTerm === myTerm && lastIndex >= this.lastIndex())',
    replace: '(lastTerm === myTerm && lastIndex + 1 >= this.lastIndex())',
    bug: 'the up-to-date check accepts a log one entry shorter in the same term',
  },
  {
    id: 'raft-vote-not-durable',
    area: 'raft',
    file: 'core/raft/raw-node.ts',
    find: '(hardChanged && (hs.term !== this.prevHard.term || hs.vote !== this.prevHard.vote))',
    replace: '(hardChanged && hs.term !== this.prevHard.term)',
    bug: 'a vote given in the current term is not synced before the vote reply leaves',
  },
  {
    id: 'raft-hardstate-not-durable',
    area: 'raft',
    file: 'core/raft/raw-node.ts',
    find: 'entries.length > 0 || snapshot !== undefined || (hardChanged && (hs.term !== this.prevHard.term || hs.vote !== this.prevHard.vote));',
    replace: 'entries.length > 0 || snapshot !== undefined;',
    bug: 'a new term and the vote given in it are written but not synced before the vote reply leaves',
  },
  // ---- Raft: replication, commit, persistence order
  {
    id: 'raft-entries-not-durable',
    area: 'raft',
    file: 'core/raft/raw-node.ts',
    find: 'entries.length > 0 || snapshot !== undefined ||',
    replace: 'snapshot !== undefined ||',
    bug: 'appended entries are acknowledged before they are synced',
  },
  {
    id: 'raft-commit-quorum-off-by-one',
    area: 'raft',
    file: 'core/raft/tracker.ts',
    find: 'return values[values.length >> 1]!;',
    replace: 'return values[Math.max(0, (values.length >> 1) - 1)]!;',
    bug: 'the commit index is what one fewer than a majority holds',
  },
  {
    id: 'raft-follower-commit-past-append',
    area: 'raft',
    file: 'core/raft/log.ts',
    find: 'this.commitTo(Math.min(leaderCommit, lastNew));',
    replace: 'this.commitTo(leaderCommit);',
    bug: 'a follower commits past the entries this append vouched for (stale entries of an old term)',
  },
  {
    id: 'raft-keep-conflicting-entry',
    area: 'raft',
    file: 'core/raft/log.ts',
    find: 'if (e.index <= this.snapIndex || this.matchTerm(e.index, e.term)) continue;',
    replace: 'if (e.index <= this.snapIndex || e.index <= this.lastIndex()) continue;',
    bug: 'a follower keeps an entry that conflicts with the leader instead of truncating it',
  },
  {
    id: 'raft-stale-term-append',
    area: 'raft',
    file: 'core/raft/raft.ts',
    find: "    } else if (m.term < this.term) {\n      if ((this.config.checkQuorum || this.config.preVote) && (m.type === 'append' || m.type === 'heartbeat')) {",
    replace:
      "    } else if (m.term < this.term && m.type !== 'append') {\n      if ((this.config.checkQuorum || this.config.preVote) && (m.type === 'append' || m.type === 'heartbeat')) {",
    bug: 'appends from a deposed leader of an older term are not rejected',
  },
  // ---- Raft: snapshots, membership
  {
    id: 'raft-snapshot-over-newer-log',
    area: 'raft',
    file: 'core/raft/raft.ts',
    find: 'if (s.index <= log.commit) {\n      this.respondAppend(m.from, log.commit, false, 0, 0);',
    replace: 'if (s.index < log.snapIndex) {\n      this.respondAppend(m.from, log.commit, false, 0, 0);',
    bug: 'an old snapshot is installed over a log that has already committed past it',
  },
  {
    id: 'raft-tally-learners',
    area: 'raft',
    file: 'core/raft/tracker.ts',
    find: 'const majority = (this.conf.voters.length >> 1) + 1;',
    replace: 'const majority = ((this.conf.voters.length - 1) >> 1) + 1;',
    bug: 'an election needs one vote fewer than a majority in clusters of even size',
  },
  // ---- Lock state machine: grants, expiry, tokens, lock-delay, queues, dedup
  {
    id: 'lock-no-lock-delay',
    area: 'lock',
    file: 'core/lock/lease-policy.ts',
    find: 'regrantAt: (freedAtNs) => freedAtNs + timing.lockDelayNs,',
    replace: 'regrantAt: (freedAtNs) => freedAtNs,',
    bug: 'the safe lease policy forgets the lock-delay: a lock freed by an expiry is handed on at once',
    equivalent: 'every resource of lock-chaos is fenced, so lock-delay guards nothing a run observes; beliefs are covered by the epsilon arithmetic',
  },
  {
    id: 'lock-lease-no-epsilon',
    area: 'lock',
    file: 'core/lock/lease-policy.ts',
    find: 'leaseEnd: ({ atNs, ttlNs }) => atNs + ttlNs + Math.ceil(ttlNs * timing.epsilon) + timing.tickSlackNs,',
    replace: 'leaseEnd: ({ atNs, ttlNs }) => atNs + ttlNs + timing.tickSlackNs,',
    bug: 'the server ends a lease after ttl, forgetting the clock-rate bound epsilon',
    equivalent: 'epsilon is counted on both sides; the client\'s epsilon alone covers the bound between two clocks',
  },
  {
    id: 'lock-token-from-request',
    area: 'lock',
    file: 'core/lock/file-locks.ts',
    find: 'const token: Token = nextToken(ctx);\n  node.lock.holders.push',
    replace: 'const token: Token = request.index;\n  node.lock.holders.push',
    bug: "a grant's fencing token is the index of the acquire that asked, not of the entry that granted",
    equivalent: 'the FIFO queue grants in the order acquires were logged, so the acquire index grows as the grant index does',
  },
  {
    id: 'lock-release-ends-every-holder',
    area: 'lock',
    file: 'core/lock/file-locks.ts',
    find: "  endGrant(ctx, node, holder, 'released');\n  wakeWaiters(ctx, node);\n  return { ok: true, type: 'release' };\n}\n\n/**\n * `stale-release`",
    replace: "  for (const h of [...node.lock.holders]) endGrant(ctx, node, h, 'released');\n  wakeWaiters(ctx, node);\n  return { ok: true, type: 'release' };\n}\n\n/**\n * `stale-release`",
    bug: "one shared holder's release ends every holder's grant, so a writer is let in while other readers still hold",
  },
  {
    id: 'lock-queue-ignores-mode',
    area: 'lock',
    file: 'core/lock/queues.ts',
    find: '      if (!compatible(lock, head.mode)) return;\n',
    replace: '',
    bug: 'the queue hands the lock to its head even when the head is incompatible with the holders',
  },
  {
    id: 'lock-dedup-reexecutes-retry',
    area: 'lock',
    file: 'core/lock/dedup.ts',
    find: 'if (last === undefined || seq > last.seq) return',
    replace: 'if (last === undefined || seq >= last.seq) return',
    bug: 'a retry of the last executed request is executed again',
  },
  {
    id: 'lock-ttl-no-delay-after-expiry',
    area: 'lock',
    file: 'core/lock/ttl-locks.ts',
    find: 'entry.grantableAtNs = policy.regrantAt(state.clockNs);',
    replace: 'entry.grantableAtNs = state.clockNs;',
    bug: 'an expired TTL lock is grantable at once, without lock-delay',
    equivalent: 'TTL-lock beliefs are covered by the epsilon arithmetic, and TTL-lock holders write nothing to the (fenced) resource',
  },
  {
    id: 'lock-ttl-owner-regrant',
    area: 'lock',
    file: 'core/lock/ttl-locks.ts',
    find: 'if (entry !== undefined && (entry.holder !== null || state.clockNs < entry.grantableAtNs)) {',
    replace: 'if (entry !== undefined && ((entry.holder !== null && entry.holder.owner !== command.owner) || state.clockNs < entry.grantableAtNs)) {',
    bug: "an owner's second try-lock is granted again under a new token while its first grant runs",
    equivalent: 'owners are fresh per attempt, and the contract lets an owner\'s second try-lock refresh its lease',
  },
  {
    id: 'lock-ttl-unlock-any-owner',
    area: 'lock',
    file: 'core/lock/ttl-locks.ts',
    find: 'if (holder.owner !== command.owner && !ctx.config.releaseByName)',
    replace: 'if (holder.owner !== command.owner && ctx.config.releaseByName)',
    bug: "the owner check on unlock is inverted by a flag typo: anyone's unlock frees the lock",
  },
  {
    id: 'lock-keepalive-revives-expired',
    area: 'lock',
    file: 'core/lock/tick.ts',
    find: '    expireSessions(ctx);',
    replace: '    if (newTerm) expireSessions(ctx);',
    bug: 'sessions are expired only at the first tick of a new term',
  },
  // ---- Client library: lease arithmetic, retries, connection states
  {
    id: 'client-lease-from-receive',
    area: 'client',
    file: 'core/client/lease-clock.ts',
    find: "return this.design.leaseFrom === 'receive' ? this.now() : sentAt;",
    replace: 'return this.now();',
    bug: 'the client counts its lease from when the reply arrived, not from when it sent the request',
  },
  {
    id: 'client-lease-from-last-resend',
    area: 'client',
    file: 'core/client/request-channel.ts',
    find: 'next.sentAt ??= this.leaseClock.now();',
    replace: 'next.sentAt = this.leaseClock.now();',
    bug: 'a request sent again under a new number counts its lease from the new send',
    equivalent: 'a request gets a new number only after a reply proved the old one never executed, so the resend is the send that took effect',
  },
  {
    id: 'client-no-epsilon',
    area: 'client',
    file: 'core/client/lease-clock.ts',
    find: 'return Math.max(0, Math.floor(durationNs * (1 - this.epsilon)) - this.marginNs);',
    replace: 'return Math.max(0, durationNs - this.marginNs);',
    bug: 'the client believes the whole lease less the margin, forgetting the clock-rate bound',
    equivalent: 'epsilon is counted on both sides; the service\'s epsilon alone covers the bound between two clocks',
  },
  {
    id: 'client-retry-new-identity',
    area: 'client',
    file: 'core/client/request-channel.ts',
    find: '      this.rotate();\n      this.transmit(request);',
    replace: '      this.rotate();\n      request.seq = this.numbers.next();\n      this.transmit(request);',
    bug: 'a request retried after a timeout goes out under a new sequence number (it loses its identity)',
  },
  {
    id: 'client-holds-ignores-clock',
    area: 'client',
    file: 'core/client/beliefs.ts',
    find: 'if (this.clock.now() < this.endOf(grant)) return { held: true, token: grant.token };',
    replace: 'return { held: true, token: grant.token };',
    bug: "the client's holds() trusts the belief flag and not the clock, so a late timer extends it",
  },
  {
    id: 'client-reconnect-any-answer',
    area: 'client',
    file: 'core/client/session.ts',
    find: 'if (until > session.trustedUntil) session.trustedUntil = until;',
    replace: 'session.trustedUntil = Math.max(until, this.clock.now() + this.clock.believed(leaseNs));',
    bug: 'a keep-alive answer extends the lease from when it arrived, not from when it was sent',
  },
  // ---- Resource fencing
  {
    id: 'resource-high-water-only-on-reads',
    area: 'resource',
    file: 'core/resource/resource.ts',
    find: '    if (req.token !== null) this.highWater.set(req.lock, Math.max(req.token, this.highWater.get(req.lock) ?? -Infinity));\n',
    replace: '',
    bug: "the resource's high-water mark moves only on fenced reads, not on accepted writes",
  },
  {
    id: 'resource-read-does-not-fence',
    area: 'resource',
    file: 'core/resource/resource.ts',
    find: '      this.highWater.set(req.lock, Math.max(req.token, high ?? -Infinity));\n',
    replace: '',
    bug: "a fenced read does not raise the high-water mark, so a zombie's write can land between a read and its write",
  },
  // ---- Server read paths
  {
    id: 'server-read-before-apply',
    area: 'server',
    file: 'core/server/node.ts',
    find: 'if (r.index > this.applied) {',
    replace: 'if (r.index > this.applied + 1) {',
    bug: 'a ReadIndex read is answered when the state machine is one entry short of the read index',
  },
  {
    id: 'server-read-before-term-commit',
    area: 'server',
    file: 'core/raft/raft.ts',
    find: 'if (this.log.term(this.log.commit) !== this.term) {\n      this.readsBeforeTermCommit.push({ ctx, from });',
    replace: 'if (this.log.commit === 0) {\n      this.readsBeforeTermCommit.push({ ctx, from });',
    bug: "a new leader answers reads at its commit index before an entry of its own term commits",
  },
];
