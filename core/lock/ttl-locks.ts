/**
 * The sidecar lock API of seed 000: try-lock a resource for an owner with an expiry, unlock it by
 * owner. The expiry is decided here, in log time, so the sidecar keeps no timers and no state:
 * nothing depends on a scheduled delete reaching the server (case 3 of the catalogue).
 */
import type { Token, TryLockCommand, UnlockCommand } from './commands.js';
import type { ApplyContext } from './context.js';
import { fail, type ErrorReply, type TryLockReply, type UnlockReply } from './replies.js';

const NS_PER_MS = 1_000_000;

export function tryLock(ctx: ApplyContext, command: TryLockCommand): TryLockReply | ErrorReply {
  const { state, config, policy } = ctx;
  if (command.expireMs > config.maxTtlLockMs) {
    return fail('bad-expiry', `expireMs ${command.expireMs} exceeds the maximum of ${config.maxTtlLockMs}`);
  }
  const entry = state.ttlLocks.get(command.resourceId);
  if (entry !== undefined && (entry.holder !== null || state.clockNs < entry.grantableAtNs)) {
    return { ok: true, type: 'try-lock', acquired: false };
  }
  const token: Token = ctx.index;
  const ttlNs = command.expireMs * NS_PER_MS;
  const holder = { owner: command.owner, token, ttlNs, expiresAtNs: policy.leaseEnd({ atNs: state.clockNs, ttlNs }) };
  state.ttlLocks.set(command.resourceId, { resourceId: command.resourceId, holder, grantableAtNs: state.clockNs });
  ctx.facts.push({
    kind: 'grant',
    lockKind: 'ttl',
    lock: command.resourceId,
    owner: command.owner,
    client: command.owner,
    token,
    mode: 'exclusive',
    request: ctx.request,
  });
  return { ok: true, type: 'try-lock', acquired: true, token };
}

export function unlock(ctx: ApplyContext, command: UnlockCommand): UnlockReply {
  const entry = ctx.state.ttlLocks.get(command.resourceId);
  const holder = entry?.holder ?? null;
  if (holder === null) return { ok: true, type: 'unlock', status: 'not-held' };
  if (holder.owner !== command.owner) return { ok: true, type: 'unlock', status: 'held-by-other' };
  ctx.state.ttlLocks.delete(command.resourceId);
  ctx.facts.push({
    kind: 'release',
    lockKind: 'ttl',
    lock: command.resourceId,
    owner: holder.owner,
    client: holder.owner,
    token: holder.token,
    mode: 'exclusive',
    reason: 'unlocked',
  });
  return { ok: true, type: 'unlock', status: 'ok' };
}

/** At a tick: TTL locks whose expiry has come free themselves, then wait out the lock-delay. */
export function expireTtlLocks(ctx: ApplyContext): void {
  const { state, policy } = ctx;
  for (const [resourceId, entry] of state.ttlLocks) {
    const holder = entry.holder;
    if (holder !== null && holder.expiresAtNs <= state.clockNs) {
      entry.holder = null;
      entry.grantableAtNs = policy.regrantAt(state.clockNs);
      ctx.facts.push({
        kind: 'release',
        lockKind: 'ttl',
        lock: resourceId,
        owner: holder.owner,
        client: holder.owner,
        token: holder.token,
        mode: 'exclusive',
        reason: 'expired',
      });
      if (entry.grantableAtNs > state.clockNs) {
        ctx.facts.push({ kind: 'lock-delay', lockKind: 'ttl', lock: resourceId, untilNs: entry.grantableAtNs });
      }
    }
    if (entry.holder === null && entry.grantableAtNs <= state.clockNs) state.ttlLocks.delete(resourceId);
  }
}

/** At a tick of a new leader's term: what the policy does to running TTL locks. */
export function carryTtlLocksOverLeaderChange(ctx: ApplyContext): void {
  for (const entry of ctx.state.ttlLocks.values()) {
    if (entry.holder !== null) entry.holder.expiresAtNs = ctx.policy.afterLeaderChange(entry.holder, ctx.state.clockNs);
  }
}
