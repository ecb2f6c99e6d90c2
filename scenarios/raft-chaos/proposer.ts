/**
 * The raft-chaos client: puts unique values and reads keys through whichever server leads,
 * following redirects and retrying with the same sequence number, and records every operation in
 * Jepsen's shape. An acknowledged put is reported with its log position, so the Raft monitors can
 * tell whether it was ever lost.
 */
import type { Env, NodeId, Process, TimerId } from '../../core/env.js';
import type { KvValue } from '../../core/lock/commands.js';
import { isClientReply, type ClientRequest } from '../../core/server/protocol.js';
import type { OpHandle } from '../../sim/recorder.js';
import type { HistoryRecorder } from '../../sim/recorder.js';

export interface ProposerOptions {
  servers: readonly NodeId[];
  keys: readonly string[];
  /** Mean think time between operations (local ns). */
  thinkNs: number;
  /** Resend after this long without a final answer. */
  retryNs: number;
  /** Give up (the op ends `info`) after this long. */
  giveUpNs: number;
  /** Stop starting operations after this true time. */
  stopAt: number;
  recorder: HistoryRecorder;
  now: () => number;
  onAck?: (at: { index: number; term: number }, digest: string, op: number) => void;
}

interface Pending {
  request: ClientRequest;
  handle: OpHandle;
  startedMono: number;
  f: 'write' | 'read';
  key: string;
  value: KvValue | null;
}

export class Proposer implements Process {
  private seq = 0;
  private n = 0;
  private target: NodeId;
  private pending: Pending | null = null;
  private retryTimer: TimerId | null = null;
  private thinkTimer: TimerId | null = null;

  constructor(
    private readonly env: Env,
    private readonly o: ProposerOptions,
  ) {
    this.target = o.servers[Math.floor(env.random() * o.servers.length)] as NodeId;
  }

  start(): void {
    // A restarted client lost its in-flight operation: the recorder already closed it.
    this.think();
  }

  private think(): void {
    this.thinkTimer = this.env.setTimer(Math.max(1, Math.round(this.env.random() * 2 * this.o.thinkNs)), 'think');
  }

  onTimer(id: TimerId): void {
    if (id === this.thinkTimer) {
      this.thinkTimer = null;
      if (this.o.now() < this.o.stopAt) this.begin();
      return;
    }
    if (id === this.retryTimer && this.pending) {
      if (this.env.monotonicNs() - this.pending.startedMono >= this.o.giveUpNs) {
        this.o.recorder.complete(this.pending.handle, 'info', null, 'timeout', this.meta());
        this.pending = null;
        this.retryTimer = null;
        this.think();
        return;
      }
      this.rotate();
      this.transmit();
    }
  }

  private meta(): { localMonoNs: number; localWallNs: number } {
    return { localMonoNs: this.env.monotonicNs(), localWallNs: this.env.wallNs() };
  }

  private begin(): void {
    const key = this.o.keys[Math.floor(this.env.random() * this.o.keys.length)] as string;
    const write = this.env.random() < 0.6;
    const value: KvValue | null = write ? `${this.env.id}-${++this.n}` : null;
    const process = this.o.recorder.processOf(this.env.id);
    const handle = this.o.recorder.invoke(process, write ? 'write' : 'read', value, { node: this.env.id, key, ...this.meta() });
    const command = write ? ({ type: 'put', key, value: value as KvValue } as const) : ({ type: 'get', key } as const);
    this.pending = { request: { type: 'lock-req', clientId: this.env.id, seq: ++this.seq, command }, handle, startedMono: this.env.monotonicNs(), f: write ? 'write' : 'read', key, value };
    this.transmit();
  }

  private rotate(): void {
    const i = this.o.servers.indexOf(this.target);
    this.target = this.o.servers[(i + 1) % this.o.servers.length] as NodeId;
  }

  private transmit(): void {
    if (!this.pending) return;
    if (this.retryTimer !== null) this.env.cancelTimer(this.retryTimer);
    this.env.send(this.target, this.pending.request);
    this.retryTimer = this.env.setTimer(this.o.retryNs, 'retry');
  }

  onMessage(from: NodeId, m: unknown): void {
    const p = this.pending;
    if (!isClientReply(m) || !p || m.seq !== p.request.seq) return;
    if (m.status === 'not-leader') {
      if (m.leader && m.leader !== this.target) {
        this.target = m.leader;
        this.transmit();
      }
      return;
    }
    if (m.status === 'retry') return;
    if (!m.final) return;
    if (this.retryTimer !== null) this.env.cancelTimer(this.retryTimer);
    this.retryTimer = null;
    this.pending = null;
    this.target = from;
    const reply = m.reply as { ok: boolean; value?: KvValue | null; error?: { code: string } };
    if (!reply.ok) {
      this.o.recorder.complete(p.handle, 'fail', null, reply.error?.code ?? 'error', this.meta());
    } else if (p.f === 'read') {
      this.o.recorder.complete(p.handle, 'ok', reply.value ?? null, undefined, this.meta());
    } else {
      const op = this.o.recorder.complete(p.handle, 'ok', p.value, undefined, this.meta());
      if (m.at) this.o.onAck?.(m.at, `put:${this.env.id}:${p.request.seq}`, op.index);
    }
    this.think();
  }
}
