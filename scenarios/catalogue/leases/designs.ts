/**
 * A leases scenario switches designs by naming a lock service configuration, never by code: the
 * unsafe side is the case's entry of UNSAFE_LOCK_DESIGNS, the safe side the default (log time).
 */
import type { LockServiceConfig } from '../../../core/lock/config.js';

/** The configuration of `design`, which may be a design's name or its kind ("safe", "unsafe"). */
export function designConfig(
  scenario: string,
  configs: Readonly<Record<string, Partial<LockServiceConfig>>>,
  design: string,
): Partial<LockServiceConfig> {
  const config = configs[design];
  if (config === undefined) {
    throw new Error(`${scenario} has no design "${design}" (designs: ${Object.keys(configs).join(', ')})`);
  }
  return config;
}
