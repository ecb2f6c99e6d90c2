/**
 * Builds a run's `RunRecord` while the run goes: the Jepsen history of client and nemesis
 * operations, the clients' lock beliefs, the resource's write log and the service's grants.
 *
 * The recorder enforces Jepsen's process rules so that a history it produces is well formed by
 * construction: a logical process has at most one outstanding operation, and a process whose
 * operation ended `info` is retired for good (its outcome is unknown forever, so nothing it does
 * later may be ordered after it). A client node keeps one current process id; after an `info` the
 * node's next operation runs under a fresh id.
 *
 * Misuse (a second invoke on a busy process, completing twice, recording after `finish`) throws a
 * `RecorderError`: it is a bug of the harness, and a silent fix would make the history lie.
 */
import type {
  Belief,
  FaultInterval,
  Grant,
  Op,
  OpType,
  ResourceWrite,
  RunRecord,
  Token,
  TrueTimeNs,
} from '../checker/history.js';

export class RecorderError extends Error {
  override readonly name = 'RecorderError';
}

/** What a client knows about the moment of an event, besides true time. */
export interface OpMeta {
  /** The client node that ran the operation. */
  node?: string;
  /** The lock or key the operation is about. */
  key?: string;
  /** The client's own clock readings at the event. */
  localMonoNs?: number;
  localWallNs?: number;
}

/** The clock readings a client takes when an operation completes (node and key come from the invoke). */
export type CompletionMeta = Pick<OpMeta, 'localMonoNs' | 'localWallNs'>;

/** An outstanding operation, returned by `invoke` and handed back to `complete`. */
export interface OpHandle {
  /** History index of the invoke. */
  readonly index: number;
  readonly process: number;
  readonly node: string | undefined;
  readonly key: string | undefined;
  readonly f: string;
}

export type Completion = Exclude<OpType, 'invoke'>;

/** The optional parts of a RunRecord; listing one in `records` makes it appear even when empty. */
export type RecordPart = 'beliefs' | 'resourceLog' | 'grants' | 'faults';

export interface RecorderOptions {
  /** True time now; the simulator's clock (`() => world.now`). */
  now: () => TrueTimeNs;
  /** Client nodes to number first, in this order (process 0, 1, ...); others get ids on first use. */
  clients?: readonly string[];
  /**
   * The parts this run really records. A listed part is present in the record even when nothing
   * happened ("no beliefs were held"); an unlisted part is present only if something was recorded,
   * so a validator can tell "none" from "not measured".
   */
  records?: readonly RecordPart[];
  /**
   * How long ago, in true ns, a belief ended that `node`'s own monotonic clock says ended
   * `localNs` ago (a library whose timer fired late reports its lateness on its own clock).
   * Given by the simulator, which knows each clock's rates; without it the local figure is used.
   */
  trueAgo?: (node: string, localNs: number) => number;
}

const RUN_END = 'run-end';

export class HistoryRecorder {
  private readonly now: () => TrueTimeNs;
  private readonly trueAgo: ((node: string, localNs: number) => number) | undefined;
  private readonly history: Op[] = [];
  private readonly beliefs: Belief[] = [];
  private readonly resourceLog: ResourceWrite[] = [];
  private readonly grants: Grant[] = [];
  private readonly faults: FaultInterval[] = [];
  private readonly declared: ReadonlySet<RecordPart>;
  private healAt: TrueTimeNs | undefined;

  /** Node → its current process id. */
  private readonly processOfNode = new Map<string, number>();
  /** Process id → the node it belongs to (when it belongs to one). */
  private readonly nodeOfProcess = new Map<number, string>();
  private readonly retired = new Set<number>();
  /** Process → its outstanding operation. Insertion order = invoke order, used by `finish`. */
  private readonly outstanding = new Map<number, OpHandle>();
  private nextProcess = 0;

  /** Open beliefs by client, lock and token. */
  private readonly openBeliefs = new Map<string, Belief>();
  /** Open grants by lock, owner and token. */
  private readonly openGrants = new Map<string, Grant>();
  private finished = false;

  constructor(options: RecorderOptions) {
    this.now = options.now;
    this.trueAgo = options.trueAgo;
    this.declared = new Set(options.records ?? []);
    for (const node of options.clients ?? []) this.processOf(node);
  }

  // ---- processes -------------------------------------------------------------------------

  /** The process id a node's next operation runs under (a fresh one after an `info`). */
  processOf(node: string): number {
    let p = this.processOfNode.get(node);
    if (p === undefined) {
      p = this.nextProcess++;
      this.processOfNode.set(node, p);
      this.nodeOfProcess.set(p, node);
    }
    return p;
  }

  /** A process that belongs to no node (a Jepsen-style generator that numbers its own workers). */
  freshProcess(): number {
    return this.nextProcess++;
  }

  isRetired(process: number): boolean {
    return this.retired.has(process);
  }

  /** Whether a process has an operation outstanding. */
  isBusy(process: number): boolean {
    return this.outstanding.has(process);
  }

  // ---- client operations -----------------------------------------------------------------

  invoke(process: number, f: string, value: unknown, meta: OpMeta = {}): OpHandle {
    this.open();
    if (!Number.isInteger(process) || process < 0) throw new RecorderError(`process must be a non-negative integer, got ${String(process)}`);
    if (this.retired.has(process)) {
      throw new RecorderError(`process ${process} is retired (an earlier op ended info) and cannot invoke ${f}`);
    }
    const busy = this.outstanding.get(process);
    if (busy) {
      throw new RecorderError(`process ${process} invoked ${f} while op ${busy.index} (${busy.f}) was still outstanding`);
    }
    if (meta.node !== undefined) {
      const current = this.processOf(meta.node);
      if (current !== process) {
        throw new RecorderError(`node ${meta.node} runs as process ${current}, not ${process}`);
      }
    }
    const owner = this.nodeOfProcess.get(process);
    if (owner !== undefined && meta.node !== undefined && owner !== meta.node) {
      throw new RecorderError(`process ${process} belongs to node ${owner}, not ${meta.node}`);
    }
    const node = meta.node ?? owner;
    const op = this.appendAt(this.now(), process, 'invoke', f, value, meta, node, meta.key);
    const handle: OpHandle = { index: op.index, process, node, key: meta.key, f };
    this.outstanding.set(process, handle);
    if (process >= this.nextProcess) this.nextProcess = process + 1;
    return handle;
  }

  /**
   * Completes an outstanding operation. `ok`: it happened; `fail`: it certainly did not; `info`:
   * unknown, and the process is retired (its node gets a fresh id for its next operation).
   */
  complete(handle: OpHandle, type: Completion, value: unknown, error?: string, meta: CompletionMeta = {}): Op {
    this.open();
    if (type !== 'ok' && type !== 'fail' && type !== 'info') throw new RecorderError(`completion type must be ok|fail|info, got ${String(type)}`);
    if (this.outstanding.get(handle.process) !== handle) {
      throw new RecorderError(`op ${handle.index} (${handle.f}) on process ${handle.process} is not outstanding (completed twice?)`);
    }
    return this.settle(handle, type, value, error, meta, this.now());
  }

  private settle(handle: OpHandle, type: Completion, value: unknown, error: string | undefined, meta: CompletionMeta, time: TrueTimeNs): Op {
    this.outstanding.delete(handle.process);
    const op = this.appendAt(time, handle.process, type, handle.f, value, meta, handle.node, handle.key, error);
    if (type === 'info') this.retire(handle.process);
    return op;
  }

  private retire(process: number): void {
    this.retired.add(process);
    const node = this.nodeOfProcess.get(process);
    if (node !== undefined && this.processOfNode.get(node) === process) this.processOfNode.delete(node);
  }

  /**
   * A nemesis operation on process "nemesis". Jepsen's nemesis writes `info` for both halves of a
   * fault, so no pairing is enforced here.
   */
  nemesisOp(f: string, value: unknown, type: OpType = 'info'): Op {
    this.open();
    return this.appendAt(this.now(), 'nemesis', type, f, value, {}, undefined, undefined);
  }

  // ---- lock facts ---------------------------------------------------------------------------

  /**
   * A client starts believing it holds `lock` under `token`. Starting a belief that is already open
   * changes nothing and returns false (a library may report a refreshed grant twice).
   */
  beliefStart(client: string, lock: string, token: Token, mode: Belief['mode'], opIndex?: number): boolean {
    this.open();
    const k = beliefKey(client, lock, token);
    if (this.openBeliefs.has(k)) return false;
    const belief: Belief = { client, lock, token, mode, start: this.now(), end: null };
    if (opIndex !== undefined) belief.op = opIndex;
    this.beliefs.push(belief);
    this.openBeliefs.set(k, belief);
    return true;
  }

  /**
   * The belief ends now (released, deadline, lost, suspended, crashed), or `endedAgoNs` before now
   * when the client reports that its deadline passed earlier (a paused process learns it late); never
   * before the belief started. False when none was open.
   */
  beliefEnd(client: string, lock: string, token: Token, reason: string, endedAgoNs = 0): boolean {
    this.open();
    const k = beliefKey(client, lock, token);
    const belief = this.openBeliefs.get(k);
    if (!belief) return false;
    const local = Math.max(0, endedAgoNs);
    const ago = local > 0 && this.trueAgo ? this.trueAgo(client, local) : local;
    belief.end = Math.max(belief.start, this.now() - ago);
    belief.endReason = reason;
    this.openBeliefs.delete(k);
    return true;
  }

  /** Ends every open belief of a client at once (it crashed: a dead process believes nothing). */
  endBeliefsOf(client: string, reason: string): number {
    this.open();
    let n = 0;
    for (const [k, belief] of this.openBeliefs) {
      if (belief.client !== client) continue;
      belief.end = this.now();
      belief.endReason = reason;
      this.openBeliefs.delete(k);
      n++;
    }
    return n;
  }

  /** The beliefs a client holds now (for tests and workloads that act on them). */
  openBeliefsOf(client: string): Belief[] {
    return [...this.openBeliefs.values()].filter((b) => b.client === client);
  }

  resourceWrite(write: Omit<ResourceWrite, 'time'> & { time?: TrueTimeNs }): void {
    this.open();
    this.resourceLog.push({ ...write, time: write.time ?? this.now() });
  }

  /** The service granted a lock (as the leader that committed it decided). */
  grant(grant: Omit<Grant, 'at' | 'serverEnd' | 'endReason'> & { at?: TrueTimeNs }): void {
    this.open();
    const g: Grant = { ...grant, at: grant.at ?? this.now(), serverEnd: null };
    this.grants.push(g);
    this.openGrants.set(grantKey(g.lock, g.owner, g.token), g);
  }

  /** The service considers a grant over (released, expired); false when no such grant is open. */
  grantEnd(lock: string, owner: string, token: Token, reason: string, at?: TrueTimeNs): boolean {
    this.open();
    const k = grantKey(lock, owner, token);
    const g = this.openGrants.get(k);
    if (!g) return false;
    g.serverEnd = at ?? this.now();
    g.endReason = reason;
    this.openGrants.delete(k);
    return true;
  }

  addFault(interval: FaultInterval): void {
    this.open();
    this.faults.push(interval);
  }

  /** The final heal: the liveness phase starts now (or at `at`). */
  markHeal(at?: TrueTimeNs): void {
    this.open();
    this.healAt = at ?? this.now();
  }

  // ---- the end --------------------------------------------------------------------------------

  /** True once `finish` has run: the run is over and nothing more is recorded. */
  get closed(): boolean {
    return this.finished;
  }

  /** The history so far (read-only view, for tests and monitors). */
  get ops(): readonly Op[] {
    return this.history;
  }

  /**
   * Ends the run: every operation still outstanding completes `info` at `endAt` (its outcome is
   * unknown), every open belief is closed with `end: null, endReason: 'run-end'` (it was still held),
   * and the record is returned. The recorder accepts nothing afterwards.
   */
  finish(endAt: TrueTimeNs = this.now()): RunRecord {
    this.open();
    for (const handle of [...this.outstanding.values()]) this.settle(handle, 'info', null, RUN_END, {}, endAt);
    for (const belief of this.openBeliefs.values()) {
      belief.end = null;
      belief.endReason = RUN_END;
    }
    this.openBeliefs.clear();
    this.finished = true;
    const record: RunRecord = { history: this.history, endAt };
    if (this.present('beliefs', this.beliefs)) record.beliefs = this.beliefs;
    if (this.present('resourceLog', this.resourceLog)) record.resourceLog = this.resourceLog;
    if (this.present('grants', this.grants)) record.grants = this.grants;
    if (this.present('faults', this.faults)) record.faults = this.faults;
    if (this.healAt !== undefined) record.healAt = this.healAt;
    return record;
  }

  private present(part: RecordPart, items: readonly unknown[]): boolean {
    return items.length > 0 || this.declared.has(part);
  }

  private open(): void {
    if (this.finished) throw new RecorderError('the recorder has finished; the run is over');
  }

  private appendAt(
    time: TrueTimeNs,
    process: Op['process'],
    type: OpType,
    f: string,
    value: unknown,
    meta: CompletionMeta,
    node: string | undefined,
    key: string | undefined,
    error?: string,
  ): Op {
    const op: Op = { index: this.history.length, process, type, f, value, time };
    if (node !== undefined) op.node = node;
    if (key !== undefined) op.key = key;
    if (meta.localMonoNs !== undefined) op.localMonoNs = meta.localMonoNs;
    if (meta.localWallNs !== undefined) op.localWallNs = meta.localWallNs;
    if (error !== undefined) op.error = error;
    this.history.push(op);
    return op;
  }
}

function beliefKey(client: string, lock: string, token: Token): string {
  return `${client}\u0000${lock}\u0000${token}`;
}

function grantKey(lock: string, owner: string, token: Token): string {
  return `${lock}\u0000${owner}\u0000${token}`;
}
