/**
 * A lock client as the protected resource's sequencer checker (its `check-sequencer` mode): the
 * resource asks the lock service whether a token is current before it applies a write. The
 * answer can be stale by the time the write lands (checkseq-toctou); an unanswered question counts as
 * "not current", so the resource refuses rather than guesses.
 */
import type { Env, NodeId, TimerId } from '../env.js';
import { LockClient } from './lock-client.js';
import type { LockClientOptions } from './options.js';

/** The shape `Resource` takes (core/resource/resource.ts `SequencerChecker`). */
export interface SequencerCheckerPort {
  check(lock: string, token: number, answer: (current: boolean) => void): void;
  onMessage(from: NodeId, message: unknown): boolean;
  onTimer(id: TimerId, tag: string): boolean;
  start(): void;
}

/**
 * A checker for a resource process. `lockName` turns the lock name a write carries into the name
 * the service knows (by default a bare name is a path under the client's lock directory, as the
 * library's `acquire` has it; pass the identity for TTL locks).
 */
export function lockClientSequencerChecker(env: Env, options: LockClientOptions, lockName?: (lock: string) => string): SequencerCheckerPort {
  const client = new LockClient(env, options);
  const name = lockName ?? ((lock: string) => client.pathOf(lock));
  return {
    check: (lock, token, answer) => client.checkSequencer(name(lock), token, (r) => answer(r.ok && r.current)),
    onMessage: (from, message) => client.handleMessage(from, message),
    onTimer: (id, tag) => client.handleTimer(id, tag),
    start: () => client.start(),
  };
}
