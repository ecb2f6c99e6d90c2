/**
 * The absolute deadline a client stamps on every lease request: its own wall clock plus the
 * duration. Only the unsafe `client-stamped` service policy (client-stamped-expiry) reads it, and trusts it;
 * every other policy ignores it, so one client speaks to both. It is spread into the command
 * rather than typed into it, so the command types need not know every policy's field.
 */
import type { DurationNs, Env, LocalNs } from '../env.js';

export function clientDeadline(env: Env, durationNs: DurationNs): { deadlineNs: LocalNs } {
  return { deadlineNs: env.wallNs() + durationNs };
}
