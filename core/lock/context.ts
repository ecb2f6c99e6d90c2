/**
 * What every operation works with while one log entry applies.
 */
import type { LogIndex } from '../server/state-machine.js';
import type { LockServiceConfig } from './config.js';
import type { Answer, Fact, RequestRef } from './facts.js';
import type { LeasePolicy } from './lease-policy.js';
import type { QueueDiscipline } from './queues.js';
import type { LockServiceState } from './state.js';

export interface ApplyContext {
  readonly state: LockServiceState;
  readonly config: LockServiceConfig;
  readonly policy: LeasePolicy;
  readonly queue: QueueDiscipline;
  /** Log index of the entry being applied: the token of any grant it causes. */
  readonly index: LogIndex;
  /** The request this entry carries. */
  readonly request: RequestRef;
  readonly facts: Fact[];
  readonly answers: Answer[];
}
