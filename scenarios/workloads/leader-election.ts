/**
 * `leader-election`: clients campaign for leadership through a lock (a blocking acquire); the
 * winner acts as leader, writing to the resource at a steady pace with its token, until its term
 * ends and it resigns (release), and then campaigns again.
 *
 * The application keeps its own belief "I lead", and that belief is what this workload records:
 * it starts when the acquire returns and ends the instant the application stops acting. How soon
 * it stops is the design choice of the suspended-ignored hazard (suspended-ignored):
 * - `onSuspended: 'stop'` (the fix, Curator's default error policy): SUSPENDED is loss; the leader
 *   also stops once the library no longer believes it holds the lock;
 * - `onSuspended: 'wait-for-lost'` (the hazard): the leader keeps acting through SUSPENDED and
 *   stops only at LOST.
 * A leader that has stopped refuses its generator's writes locally (`fail`, "not-leader"); nothing
 * is sent, and the generator resigns and campaigns again.
 */
import type { TrueTimeNs } from '../../checker/history.js';
import type { HistoryRecorder } from '../../sim/recorder.js';
import type { InvokedOp, OpDone, WorkloadClient } from './driver.js';
import type { LockApi, Token } from './lock-api.js';
import { lockApiClient } from './lock-api-client.js';
import { grantedToken, lockCycle, type LockCycleOptions } from './lock-cycle.js';
import { clientScript, uniformNs } from './script.js';
import type { Workload } from './workload.js';

export type SuspendedPolicy = 'stop' | 'wait-for-lost';

export interface LeaderElectionOptions extends Omit<LockCycleOptions, 'mode'> {
  /** The resource key the leader writes. */
  key: string;
  /** Mean length of a term before the leader resigns. */
  termMeanNs: number;
  /** Time between a leader's writes. */
  actEveryNs: number;
  onSuspended: SuspendedPolicy;
}

/** What a leader writes: who, under which token, and the write's number within its term. */
export interface LeaderWrite {
  leader: string;
  token: number;
  n: number;
}

type Term = { client: string; n: number; nextAt: TrueTimeNs; termEnd: TrueTimeNs };

export function leaderElectionWorkload(options: LeaderElectionOptions): Workload {
  const { key, lock } = options;
  const lead = lockCycle<Term>(
    { ...options, mode: 'exclusive' },
    {
      begin: (_token, client, ctx) => ({ client, n: 0, nextAt: ctx.now, termEnd: ctx.now + uniformNs(ctx, options.termMeanNs) }),
      next(term, token, ctx) {
        if (ctx.now >= term.termEnd) return 'release';
        if (ctx.now < term.nextAt) return { waitUntil: term.nextAt, body: term };
        const value: LeaderWrite = { leader: term.client, token, n: term.n };
        return { op: { f: 'write', key, value, args: { token, lock } }, body: term };
      },
      // Refused (not leader any more, or fenced out): resign. Unknown: go on leading.
      completed: (term, event, ctx) => (event.type === 'fail' ? 'release' : { ...term, n: term.n + 1, nextAt: ctx.now + options.actEveryNs }),
    },
  );
  return {
    name: 'leader-election',
    generator: clientScript(lead),
    client: ({ id, api, recorder }) => new LeaderClient(id, api, recorder, lock, options.onSuspended),
    checks: [{ model: 'fenced-mutex', fs: ['acquire', 'release'] }],
  };
}

/** The application around the lock library: it decides when it leads and when it stops. */
class LeaderClient implements WorkloadClient {
  private readonly calls: WorkloadClient;
  /** The token of the term this application believes it leads, or null. */
  private leading: Token | null = null;

  constructor(
    private readonly id: string,
    private readonly api: LockApi,
    private readonly recorder: HistoryRecorder,
    private readonly lock: string,
    private readonly policy: SuspendedPolicy,
  ) {
    this.calls = lockApiClient(id, api, { store: 'resource' });
    api.onEvent((e) => {
      if (e.type === 'belief') {
        // Under 'stop' the application acts only while the library believes (it asks before every
        // write), so its term ended when the library's belief did, however late it hears of it.
        if (!e.held && policy === 'stop' && e.lock === this.lock && e.token === this.leading) this.stop(e.reason ?? 'ended', e.endedAgoNs ?? 0);
        return;
      }
      if (e.state === 'lost') this.stop('lost');
      else if (e.state === 'suspended' && policy === 'stop') this.stop('suspended');
    });
  }

  invoke(op: InvokedOp, done: OpDone): void {
    if (op.f === 'write') {
      this.stopIfLibraryLetGo();
      if (this.leading === null || this.leading !== op.args?.token) return done('fail', null, 'not-leader');
      return this.calls.invoke(op, done);
    }
    if (op.f === 'release') {
      // Resigning: stop acting before giving the lock up, never after. A leader whose library had
      // already let go (its deadline passed while the process was paused) stopped back then.
      this.stopIfLibraryLetGo();
      this.stop('released');
      return this.calls.invoke(op, done);
    }
    if (op.f === 'acquire') {
      return this.calls.invoke(op, (type, value, error) => {
        if (type === 'ok') this.begin(grantedToken(value, op.index), op.index);
        done(type, value, error);
      });
    }
    this.calls.invoke(op, done);
  }

  /** The process died: the application forgot that it led (the driver ended the belief). */
  crashed(): void {
    this.leading = null;
  }

  /**
   * Under 'stop' the application acts only while the library believes, so when the library has
   * let go, the term ended when the library's belief did: at its deadline if the library says how
   * long ago that was, else now.
   */
  private stopIfLibraryLetGo(): void {
    if (this.policy !== 'stop' || this.leading === null) return;
    const holding = this.api.holds(this.lock);
    if (!holding.held) this.stop('deadline', holding.endedAgoNs ?? 0);
  }

  private begin(token: Token, opIndex: number): void {
    if (this.leading !== null) this.stop('superseded');
    this.leading = token;
    if (!this.recorder.closed) this.recorder.beliefStart(this.id, this.lock, token, 'exclusive', opIndex);
  }

  private stop(reason: string, endedAgoNs = 0): void {
    if (this.leading === null) return;
    if (!this.recorder.closed) this.recorder.beliefEnd(this.id, this.lock, this.leading, reason, endedAgoNs);
    this.leading = null;
  }
}
