/**
 * The unsafe designs of the catalogue (docs/hazards.md) that live in the lock
 * service, one line each: the configuration that reproduces the hazard, and what a scenario must
 * add for a run to show it. Scenarios pick a design by case name; every other setting keeps its
 * safe default, so the unsafe side differs from the safe side in that one choice.
 */
import type { LockServiceConfig } from './config.js';

export interface UnsafeLockDesign {
  /** Row of the catalogue. */
  case: number;
  /** The configuration that makes the service behave as the unsafe design does. */
  config: Partial<LockServiceConfig>;
  /** The faults (catalogue letters) a run needs for the hazard to show, and what it breaks. */
  needs: string;
  summary: string;
}

export const UNSAFE_LOCK_DESIGNS = {
  'waiter-expired-grant': {
    case: 6,
    config: { grantToExpiredWaiters: true },
    needs: 'N or P on a waiting client until its session expires; breaks ME-belief (a client that trusts the grant) and LIN',
    summary: 'a waiter whose session expired keeps its place and is told it holds the lock, which then moves on',
  },
  'wall-clock-jump': {
    case: 8,
    config: { leasePolicy: 'wall-clock' },
    needs: 'J forward on the leader; breaks ME-belief',
    summary: "log time is the leader's wall clock, so an NTP step forward ends leases early",
  },
  'stale-release': {
    case: 10,
    config: { releaseByName: true },
    needs: 'P or D on a holder until its lease ends and the lock is re-granted; breaks ME-belief',
    summary: 'release, unlock and the TTL auto-release timers free a lock by name, whoever holds it now',
  },
  'lost-reply-retry': {
    case: 11,
    config: { dedup: false },
    needs: 'D (a lost reply) and a client that retries with the same request id; breaks LIN, LV',
    summary: 'no exactly-once table: a retried acquire, try-lock, put or cas executes again',
  },
  'failover-lease-reset': {
    case: 13,
    config: { leasePolicy: 'failover-wall-gap' },
    needs: "S (the next leader's wall clock ahead) with F; breaks ME-belief",
    summary: "a new leader charges the time since the old leader's last tick by comparing two wall clocks",
  },
  'flapping-leader-renew': {
    case: 14,
    config: { leasePolicy: 'reset-on-leader-change' },
    needs: 'F repeated more often than the TTL while a holder is dead; breaks LV',
    summary: 'every leader change restarts the TTL of every lease',
  },
  'replica-local-timers': {
    case: 15,
    config: { leasePolicy: 'replica-local-timers' },
    needs: 'R, D or C (replicas applying or counting at different times) then F; breaks DIV, LIN',
    summary: "each replica ends leases with its own timer, outside the log",
  },
  'snapshot-token-reset': {
    case: 16,
    config: { tokenSource: 'counter', snapshotOmits: ['counter'] },
    needs: 'C of a node after a snapshot, which then leads; breaks FM (and DIV)',
    summary: 'tokens come from a counter that the snapshot leaves out, so they restart after a restore',
  },
  'client-stamped-expiry': {
    case: 21,
    config: { leasePolicy: 'client-stamped' },
    needs: "S or J between a client's and the leader's wall clocks; clients send deadlineNs; breaks ME-belief (client behind) or LV (ahead)",
    summary: "the client's absolute wall-clock deadline is the lease, reaped by the leader's wall clock",
  },
  'herd-starvation': {
    case: 22,
    config: { queue: 'herd' },
    needs: 'no faults: readers and a writer contending; clients re-send an acquire answered woken; breaks LV (max wait), message count',
    summary: 'every release wakes every waiter to retry, and readers overtake a waiting writer',
  },
} as const satisfies Record<string, UnsafeLockDesign>;

export type UnsafeLockDesignName = keyof typeof UNSAFE_LOCK_DESIGNS;
