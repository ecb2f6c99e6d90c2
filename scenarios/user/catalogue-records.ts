/**
 * PROVISIONAL: the catalogue's hazards as records (core/contract's `HazardRecord`), holding only
 * what a user's system is run with (faults, bias, workload, validators, needs, catch range). The
 * contract's own records (issue 11: "the catalogue as data") replace this list when they land; the
 * runner reads nothing else, so the swap is one import. Faults, weights and validators are those
 * of the catalogue scenarios today.
 */
import type { HazardRecord } from '../../core/contract/index.js';

type Rec = Pick<HazardRecord, 'case' | 'name' | 'title' | 'needs' | 'faults' | 'bias' | 'workload' | 'validators'>;

const LOCK = ['mutex'] as const;
const TTL = ['try-lock-ttl'] as const;

const RECORDS: Rec[] = [
  { case: 1, name: 'gc-pause-zombie', title: 'a holder frozen past its lease wakes up and writes; only a fencing resource refuses it', needs: LOCK, faults: ['pause'], bias: {}, workload: 'lock-counter', validators: ['effect-overlap', 'lost-update', 'fencing', 'liveness'] },
  { case: 2, name: 'zk-session-jitter', title: 'a session per try-lock ends early under jitter while the application still believes', needs: TTL, faults: ['delay', 'clog', 'loss'], bias: { clog: 2, delay: 2 }, workload: 'ttl-lock', validators: ['belief-overlap', 'lease-audit', 'liveness'] },
  { case: 3, name: 'zk-scheduled-delete', title: 'a scheduled delete fails in the jitter and is never retried, so the lock lives for ever', needs: TTL, faults: ['client-to-leader', 'loss', 'delay', 'clog'], bias: { 'client-to-leader': 3, clog: 2 }, workload: 'ttl-lock', validators: ['belief-overlap', 'liveness', 'replica-agreement'] },
  { case: 4, name: 'lease-skew', title: 'client and server count one TTL from different moments on different clocks', needs: TTL, faults: ['delay', 'clock-drift', 'pause'], bias: { delay: 3 }, workload: 'ttl-lock', validators: ['belief-overlap', 'liveness'] },
  { case: 5, name: 'checkseq-toctou', title: 'the resource asks whether a token is current; the answer is stale when it arrives', needs: LOCK, faults: ['clog', 'pause'], bias: { clog: 2 }, workload: 'lock-counter', validators: ['effect-overlap', 'lost-update', 'fencing', 'liveness'] },
  { case: 6, name: 'waiter-expired-grant', title: 'a blocked waiter whose session expired is handed the lock anyway', needs: LOCK, faults: ['clog', 'delay', 'client-to-leader', 'loss', 'isolate-leader'], bias: { clog: 3, delay: 2 }, workload: 'mutex', validators: ['belief-overlap', 'liveness', 'replica-agreement'] },
  { case: 7, name: 'async-failover', title: 'a primary acknowledges a lock and dies before replicating it; the promoted replica grants it again', needs: LOCK, faults: ['crash'], bias: {}, workload: 'lock-counter', validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit'] },
  { case: 8, name: 'wall-clock-jump', title: 'an NTP step forward ends leases early when expiry reads the wall clock', needs: LOCK, faults: ['clock-jump', 'clock-strobe', 'isolate-leader', 'delay'], bias: { 'clock-jump': 6, 'isolate-leader': 2 }, workload: 'lock-counter', validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit', 'replica-agreement'] },
  { case: 9, name: 'amnesia-restart', title: 'a disk that acknowledges before it syncs: a power loss forgets votes and grants', needs: LOCK, faults: ['crash', 'isolate-leader', 'partition-random-halves'], bias: { crash: 4, 'isolate-leader': 2 }, workload: 'lock-counter', validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'] },
  { case: 10, name: 'stale-release', title: 'a release or a timed auto-release frees the lock by name, so it frees a later holder', needs: LOCK, faults: ['clog', 'delay', 'client-to-leader', 'isolate-leader'], bias: { clog: 4, delay: 2 }, workload: 'mutex', validators: ['belief-overlap', 'liveness', 'replica-agreement'] },
  { case: 11, name: 'lost-reply-retry', title: 'a reply is lost and the retried request executes again', needs: LOCK, faults: ['loss', 'duplicate', 'crash', 'isolate-leader'], bias: { loss: 3, duplicate: 2 }, workload: 'mutex', validators: ['belief-overlap', 'liveness', 'replica-agreement'] },
  { case: 12, name: 'suspended-ignored', title: 'a leader keeps acting while its connection is SUSPENDED, waiting for LOST', needs: ['leader-election'], faults: ['clog', 'delay'], bias: { clog: 3 }, workload: 'leader-election', validators: ['belief-overlap', 'liveness'] },
  { case: 13, name: 'failover-lease-reset', title: 'a new leader whose wall clock runs ahead frees locks whose holders still have lease time', needs: LOCK, faults: ['clock-offset', 'isolate-leader', 'crash'], bias: { 'clock-offset': 4, 'isolate-leader': 3, crash: 2 }, workload: 'lock-counter', validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit', 'replica-agreement'] },
  { case: 14, name: 'flapping-leader-renew', title: "leaders changing faster than the TTL keep a dead holder's lock alive", needs: LOCK, faults: ['isolate-leader', 'crash'], bias: { 'isolate-leader': 3, crash: 2 }, workload: 'lock-counter', validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit', 'replica-agreement'] },
  { case: 15, name: 'replica-local-timers', title: 'replicas that free locks on their own timers disagree, and a failover shows it', needs: TTL, faults: ['delay', 'isolate', 'isolate-leader', 'crash', 'clock-drift'], bias: { isolate: 2, 'isolate-leader': 2, crash: 2 }, workload: 'ttl-lock', validators: ['belief-overlap', 'liveness', 'lease-audit', 'replica-agreement'] },
  { case: 16, name: 'snapshot-token-reset', title: 'a snapshot leaves the token counter out, so after a restart tokens go backwards', needs: LOCK, faults: ['crash', 'isolate-leader'], bias: { crash: 3 }, workload: 'lock-counter', validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'] },
  { case: 17, name: 'fast-get-stale-read', title: "reads served from a leader's local map: a deposed leader answers with stale values", needs: ['kv-cas'], faults: ['isolate-leader', 'partition-random-halves', 'pause'], bias: { 'isolate-leader': 3 }, workload: 'kv-register', validators: ['replica-agreement'] },
  { case: 18, name: 'lease-read-drift', title: 'leader-lease reads with a slow or frozen leader clock outlive the followers\' patience', needs: ['kv-cas'], faults: ['clock-drift', 'isolate-leader', 'partition-random-halves', 'pause'], bias: { 'clock-drift': 3, 'isolate-leader': 3 }, workload: 'kv-register', validators: ['replica-agreement'] },
  { case: 19, name: 'static-membership', title: 'two-node clusters and peer lists edited by hand: lost service, majorities that miss grants', needs: LOCK, faults: ['partition-random-halves', 'isolate-leader', 'crash'], bias: { 'partition-random-halves': 3, 'isolate-leader': 3 }, workload: 'lock-counter', validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'] },
  { case: 20, name: 'inflight-after-crash', title: "a crashed holder's write, delayed on the wire, lands after the lock was granted again", needs: LOCK, faults: ['crash', 'clog'], bias: { clog: 2 }, workload: 'lock-counter', validators: ['effect-overlap', 'fencing', 'liveness'] },
  { case: 21, name: 'client-stamped-expiry', title: "the client's own wall clock sets the lock's deadline", needs: TTL, faults: ['clock-offset', 'clock-jump', 'isolate-leader', 'delay'], bias: { 'clock-offset': 3, 'clock-jump': 3 }, workload: 'ttl-lock', validators: ['belief-overlap', 'liveness', 'lease-audit', 'replica-agreement'] },
  { case: 22, name: 'herd-starvation', title: 'every release wakes every waiter, and readers starve a waiting writer', needs: LOCK, faults: ['delay'], bias: {}, workload: 'mutex', validators: ['belief-overlap', 'liveness', 'replica-agreement'] },
  { case: 23, name: 'raft-figure-8', title: "a leader counts an earlier term's replicas as a commit; a newer log overwrites it", needs: LOCK, faults: ['isolate-leader', 'crash', 'delay'], bias: { 'isolate-leader': 3, crash: 2 }, workload: 'lock-counter', validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'] },
];

/** The catalogue's hazards in table order, as the user runner reads them. */
export const CATALOGUE_RECORDS: readonly Rec[] = RECORDS;
export type UserHazardRecord = Rec;
