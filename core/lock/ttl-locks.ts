/**
 * The sidecar lock API of seed 000: try-lock a resource for an owner with an expiry, unlock it by
 * owner. The expiry is decided here, in log time, so the sidecar keeps no timers and no state:
 * nothing depends on a scheduled delete reaching the server (zk-scheduled-delete of the catalogue).
 */
import type { Token, TryLockCommand, UnlockCommand } from './commands.js';
import type { ApplyContext } from './context.js';
import { fail, type ErrorReply, type TryLockReply, type UnlockReply } from './replies.js';
import type { TtlHolder, TtlLock } from './state.js';
import { nextToken } from './tokens.js';

const NS_PER_MS = 1_000_000;

export function tryLock(ctx: ApplyContext, command: TryLockCommand): TryLockReply | ErrorReply {
  const { state, config, policy } = ctx;
  if (command.expireMs > config.maxTtlLockMs) {
    return fail('bad-expiry', `expireMs ${command.expireMs} exceeds the maximum of ${config.maxTtlLockMs}`);
  }
  if (policy.clientDeadlines === 'required' && command.deadlineNs === undefined) {
    return fail('bad-expiry', 'this service takes an absolute deadline (deadlineNs) with every try-lock');
  }
  const entry = state.ttlLocks.get(command.resourceId);
  if (entry !== undefined && (entry.holder !== null || state.clockNs < entry.grantableAtNs)) {
    return { ok: true, type: 'try-lock', acquired: false };
  }
  const token: Token = nextToken(ctx);
  const ttlNs = command.expireMs * NS_PER_MS;
  const expiresAtNs = policy.leaseEnd({ atNs: state.clockNs, ttlNs, ...deadlineOf(command) });
  const holder: TtlHolder = { owner: command.owner, client: command.clientId ?? command.owner, token, ttlNs, expiresAtNs };
  const granted: TtlLock = { resourceId: command.resourceId, holder, grantableAtNs: state.clockNs };
  if (config.releaseByName) granted.releaseTimers = [...(entry?.releaseTimers ?? []), expiresAtNs];
  state.ttlLocks.set(command.resourceId, granted);
  ctx.facts.push({
    kind: 'grant',
    lockKind: 'ttl',
    lock: command.resourceId,
    owner: command.owner,
    client: holder.client,
    token,
    mode: 'exclusive',
    request: ctx.request,
  });
  return { ok: true, type: 'try-lock', acquired: true, token };
}

function deadlineOf(command: TryLockCommand): { deadlineNs?: number } {
  return command.deadlineNs === undefined ? {} : { deadlineNs: command.deadlineNs };
}

export function unlock(ctx: ApplyContext, command: UnlockCommand): UnlockReply {
  const entry = ctx.state.ttlLocks.get(command.resourceId);
  const holder = entry?.holder ?? null;
  if (entry === undefined || holder === null) return { ok: true, type: 'unlock', status: 'not-held' };
  // The stale-release hazard: with releaseByName, any owner's unlock frees the lock.
  if (holder.owner !== command.owner && !ctx.config.releaseByName) return { ok: true, type: 'unlock', status: 'held-by-other' };
  entry.holder = null;
  if (!hasPendingTimers(entry)) ctx.state.ttlLocks.delete(command.resourceId);
  ctx.facts.push({
    kind: 'release',
    lockKind: 'ttl',
    lock: command.resourceId,
    owner: holder.owner,
    client: holder.client,
    token: holder.token,
    mode: 'exclusive',
    reason: 'unlocked',
  });
  return { ok: true, type: 'unlock', status: 'ok' };
}

function hasPendingTimers(entry: TtlLock): boolean {
  return entry.releaseTimers !== undefined && entry.releaseTimers.length > 0;
}

/** Ends the grant of `entry` as an expiry, then starts the lock-delay. */
export function expireTtlHolder(ctx: ApplyContext, entry: TtlLock, holder: TtlHolder): void {
  const { state, policy } = ctx;
  entry.holder = null;
  entry.grantableAtNs = policy.regrantAt(state.clockNs);
  ctx.facts.push({
    kind: 'release',
    lockKind: 'ttl',
    lock: entry.resourceId,
    owner: holder.owner,
    client: holder.client,
    token: holder.token,
    mode: 'exclusive',
    reason: 'expired',
  });
  if (entry.grantableAtNs > state.clockNs) {
    ctx.facts.push({ kind: 'lock-delay', lockKind: 'ttl', lock: entry.resourceId, untilNs: entry.grantableAtNs });
  }
}

/**
 * `stale-release`: the auto-release timers of a name, armed by every grant and never
 * cancelled. When one fires it frees the lock by name, even if the grant that armed it ended long
 * ago and the lock now belongs to someone else.
 */
function fireReleaseTimers(ctx: ApplyContext, entry: TtlLock, timers: number[]): void {
  const now = ctx.state.clockNs;
  const pending = timers.filter((at) => at > now);
  const fired = pending.length < timers.length;
  entry.releaseTimers = pending;
  if (fired && entry.holder !== null) expireTtlHolder(ctx, entry, entry.holder);
}

/** At a tick: TTL locks whose expiry has come free themselves, then wait out the lock-delay. */
export function expireTtlLocks(ctx: ApplyContext): void {
  const { state } = ctx;
  for (const [resourceId, entry] of state.ttlLocks) {
    const holder = entry.holder;
    if (entry.releaseTimers !== undefined) fireReleaseTimers(ctx, entry, entry.releaseTimers);
    else if (holder !== null && holder.expiresAtNs <= state.clockNs) expireTtlHolder(ctx, entry, holder);
    if (entry.holder === null && entry.grantableAtNs <= state.clockNs && !hasPendingTimers(entry)) state.ttlLocks.delete(resourceId);
  }
}

/** At a tick of a new leader's term: what the policy does to running TTL locks. */
export function carryTtlLocksOverLeaderChange(ctx: ApplyContext): void {
  for (const entry of ctx.state.ttlLocks.values()) {
    if (entry.holder !== null) entry.holder.expiresAtNs = ctx.policy.afterLeaderChange(entry.holder, ctx.state.clockNs);
  }
}
