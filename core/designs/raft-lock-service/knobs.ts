/**
 * The Raft lock service's knobs (core/raft, core/lock, core/server, core/client, core/resource):
 * every design choice of the built-in service in one table, each with its safe value and the
 * unsafe values that reproduce a hazard of the catalogue. A scenario names a knob setting; the
 * cells read it through `knobValue`, so no scenario decides a design with a ternary of its own.
 */
import type { KnobTable } from '../../contract/design.js';

/** The registered name of the built-in Raft lock service. */
export const RAFT_LOCK_SERVICE = 'raft-lock-service';

export const RAFT_LOCK_SERVICE_KNOBS: KnobTable = [
  {
    name: 'lock.leasePolicy',
    description: 'how the state machine turns time into lease decisions',
    safe: 'log-time',
    unsafe: [
      { value: 'wall-clock', hazard: 'wall-clock-jump', why: "log time is the leader's wall clock, so an NTP step forward ends leases early" },
      { value: 'failover-wall-gap', hazard: 'failover-lease-reset', why: "a new leader charges the gap since the last tick by comparing two wall clocks" },
      { value: 'reset-on-leader-change', hazard: 'flapping-leader-renew', why: 'every leader change restarts every lease' },
      { value: 'replica-local-timers', hazard: 'replica-local-timers', why: 'each replica ends leases with its own timer, outside the log' },
      { value: 'client-stamped', hazard: 'client-stamped-expiry', why: "the client's absolute wall-clock deadline is the lease" },
    ],
  },
  { name: 'lock.queue', description: 'how blocked acquires wait and are woken', safe: 'fifo', unsafe: [{ value: 'herd', hazard: 'herd-starvation', why: 'every release wakes every waiter; readers overtake a waiting writer' }] },
  { name: 'lock.grantToExpiredWaiters', description: 'whether a waiter whose session expired keeps its place', safe: false, unsafe: [{ value: true, hazard: 'waiter-expired-grant', why: 'the expired waiter is told it holds the lock' }] },
  { name: 'lock.releaseByName', description: 'whether a release names its grant or only the lock', safe: false, unsafe: [{ value: true, hazard: 'stale-release', why: "a late release frees the next holder's lock" }] },
  { name: 'lock.dedup', description: 'the exactly-once table of client requests', safe: true, unsafe: [{ value: false, hazard: 'lost-reply-retry', why: 'a retried request executes again' }] },
  { name: 'lock.tokenSource', description: 'where fencing tokens come from', safe: 'log-index', alsoSafe: ['counter'], unsafe: [] },
  { name: 'lock.snapshotOmits', description: 'what the snapshot leaves out', safe: [], unsafe: [{ value: ['counter'], hazard: 'snapshot-token-reset', why: 'the token counter restarts after a restore' }] },
  { name: 'lock.epsilon', description: "the bound on clock rate error the server's lease arithmetic allows for", safe: 'configured', unsafe: [{ value: 0, hazard: 'lease-skew', why: 'no allowance for a client clock that runs slow' }] },
  {
    name: 'lock.lockDelay',
    description: 'how long a lock freed by an expiry stays unavailable (Chubby lock-delay)',
    safe: 'configured',
    unsafe: [
      { value: 'none', hazard: 'inflight-after-crash', why: "a dead holder's delayed write lands after the next grant" },
      { value: 'one-ttl', hazard: 'lease-skew', why: "the 2x wait of seed 004: a reply slower than a TTL still breaks it" },
    ],
  },
  { name: 'client.leaseFrom', description: 'where the client starts counting a lease', safe: 'send', unsafe: [{ value: 'receive', hazard: 'lease-skew', why: 'a slow reply stretches the belief past the server' }] },
  { name: 'client.ttlMargin', description: 'how much of a lease the client believes', safe: 'conservative', unsafe: [{ value: 'none', hazard: 'lease-skew', why: 'the full duration, as if no clock ran fast' }] },
  { name: 'client.onSuspended', description: 'what a SUSPENDED session does to held locks', safe: 'treat-as-lost', unsafe: [{ value: 'ignore', hazard: 'suspended-ignored', why: 'the holder believes on until LOST' }] },
  {
    name: 'client.lostAfter',
    description: "when a session out of contact becomes LOST (Curator's timer)",
    safe: 'lease-end',
    unsafe: [{ value: 'timeout-after-suspended', hazard: 'suspended-ignored', why: 'a full session timeout after SUSPENDED, when the server may have ended it already' }],
  },
  { name: 'client.recheckAfterWait', description: 'whether a grant after a wait is checked against its session', safe: true, unsafe: [{ value: false, hazard: 'waiter-expired-grant', why: 'a grant for a session given up is believed' }] },
  { name: 'app.onSuspended', description: 'what a leader application does at SUSPENDED', safe: 'stop', unsafe: [{ value: 'wait-for-lost', hazard: 'suspended-ignored', why: 'the leader acts on through SUSPENDED' }] },
  {
    name: 'resource',
    description: 'what the protected resource checks on a write',
    safe: 'fenced',
    unsafe: [
      { value: 'none', hazard: 'gc-pause-zombie', why: 'every write is accepted, so a zombie writes over its successor' },
      { value: 'check-sequencer', hazard: 'checkseq-toctou', why: 'the sequencer is checked before the write, not atomically with it' },
    ],
  },
  {
    name: 'fsync',
    description: 'when the servers make their Raft log durable',
    safe: 'always',
    unsafe: [
      { value: 'no', hazard: 'amnesia-restart', why: 'a restart forgets votes and entries it acknowledged' },
      { value: 'everysec', hazard: 'amnesia-restart', why: 'up to a second of acknowledged state is lost' },
    ],
  },
  { name: 'raft.commitRule', description: "which entries a leader may commit by counting replicas", safe: 'current-term', unsafe: [{ value: 'count-any-term', hazard: 'raft-figure-8', why: "an earlier term's entry is committed and then overwritten" }] },
  { name: 'raft.readOnly', description: 'how a leader serves reads', safe: 'safe', unsafe: [{ value: 'lease-based', hazard: 'lease-read-drift', why: "reads trust a lease counted on the leader's own clock" }] },
  { name: 'raft.checkQuorum', description: 'whether a leader steps down without a quorum', safe: true, alsoSafe: [false], unsafe: [] },
  { name: 'server.readPath', description: 'how a get is answered', safe: 'read-index', unsafe: [{ value: 'fast-local', hazard: 'fast-get-stale-read', why: "a deposed leader answers from its own state" }] },
  { name: 'cluster.initialVoters', description: 'how many servers the cluster starts with', safe: 3, unsafe: [{ value: 2, hazard: 'static-membership', why: 'losing one of two servers loses the majority for good' }] },
  { name: 'cluster.membership', description: 'how servers join', safe: 'log', unsafe: [{ value: 'static-list', hazard: 'static-membership', why: 'peers that disagree on the voters form two majorities' }] },
];
