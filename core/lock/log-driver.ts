/**
 * Feeds commands to a lock state machine as consecutive committed log entries, the way the node
 * host does after Raft commits them. Tests and benchmarks use it to speak in commands, not in
 * log indices.
 */
import type { DurationNs } from '../env.js';
import type { LogIndex, Term } from '../server/state-machine.js';
import type { Command, SessionId } from './commands.js';
import type { LockServiceConfig } from './config.js';
import type { ApplyResult } from './facts.js';
import type { Reply } from './replies.js';
import { LockStateMachine } from './state-machine.js';

const MS = 1_000_000;

export class LogDriver {
  readonly machine: LockStateMachine;
  /** Index of the last entry applied. */
  index: LogIndex;
  /** Term stamped on the next entries; raise it to play a leader change. */
  term: Term = 1;
  /** Every entry applied so far, as the log would hold them. */
  readonly log: { index: LogIndex; term: Term; command: unknown }[] = [];

  constructor(config: Partial<LockServiceConfig> | LockStateMachine = {}) {
    this.machine = config instanceof LockStateMachine ? config : new LockStateMachine(config);
    this.index = this.machine.appliedIndex;
  }

  /** Applies `command` (anything, even malformed) as the next log entry. */
  run(command: Command | unknown): ApplyResult {
    this.index += 1;
    const entry = { index: this.index, term: this.term, command };
    this.log.push(entry);
    return this.machine.apply(entry);
  }

  reply(command: Command | unknown): Reply {
    return this.run(command).reply;
  }

  /** The leader's clock moved by `ms` milliseconds. */
  tickMs(ms: number): ApplyResult {
    return this.run({ type: 'tick', elapsedNs: ms * MS });
  }

  tickNs(elapsedNs: DurationNs): ApplyResult {
    return this.run({ type: 'tick', elapsedNs });
  }

  /** Opens a session and returns its id (throws if the service refused). */
  openSession(client: string, ttlMs?: number): SessionId {
    const reply = this.reply(
      ttlMs === undefined ? { type: 'open-session', client } : { type: 'open-session', client, ttlNs: ttlMs * MS },
    );
    if (!reply.ok || reply.type !== 'open-session') throw new Error(`open-session refused: ${JSON.stringify(reply)}`);
    return reply.session;
  }
}
