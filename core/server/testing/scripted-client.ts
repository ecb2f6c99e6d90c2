/**
 * A client for server tests: sends the commands it is given, one at a time, to whichever server
 * it believes leads, following redirects and retrying with the same sequence number on a timeout.
 * It is deliberately simple; the real client library is core/client.
 */
import type { Env, NodeId, Process, TimerId } from '../../env.js';
import type { Command } from '../../lock/commands.js';
import type { Reply } from '../../lock/replies.js';
import { isClientReply, type ClientRequest } from '../protocol.js';

export class ScriptedClient implements Process {
  readonly replies: Array<{ seq: number; reply: Reply; final: boolean }> = [];
  private seq = 0;
  private target: NodeId;
  private current: ClientRequest | null = null;
  private timer: TimerId | null = null;
  private readonly queue: Array<Command | ((last: Reply | undefined) => Command)> = [];

  constructor(
    private readonly env: Env,
    private readonly servers: readonly NodeId[],
    private readonly timeoutNs = 300_000_000,
  ) {
    this.target = servers[0] as NodeId;
  }

  /** Queues a command, or a function that builds one from the previous final reply. */
  send(command: Command | ((last: Reply | undefined) => Command)): void {
    this.queue.push(command);
    if (!this.current) this.next();
  }

  get idle(): boolean {
    return this.current === null && this.queue.length === 0;
  }

  start(): void {}

  onMessage(_from: NodeId, m: unknown): void {
    if (!isClientReply(m) || !this.current || m.seq !== this.current.seq) return;
    if (m.status === 'not-leader') {
      this.target = m.leader ?? this.rotate();
      this.transmit();
      return;
    }
    if (m.status === 'retry') return; // the timer will resend
    this.replies.push({ seq: m.seq, reply: m.reply, final: m.final });
    if (!m.final) return;
    if (this.timer !== null) this.env.cancelTimer(this.timer);
    this.current = null;
    this.next();
  }

  onTimer(id: TimerId): void {
    if (id !== this.timer || !this.current) return;
    this.target = this.rotate();
    this.transmit();
  }

  private rotate(): NodeId {
    const i = this.servers.indexOf(this.target);
    return this.servers[(i + 1) % this.servers.length] as NodeId;
  }

  private next(): void {
    const item = this.queue.shift();
    if (!item) return;
    const last = this.replies[this.replies.length - 1]?.reply;
    const command = typeof item === 'function' ? item(last) : item;
    this.current = { type: 'lock-req', clientId: this.env.id, seq: ++this.seq, command };
    this.transmit();
  }

  private transmit(): void {
    if (!this.current) return;
    if (this.timer !== null) this.env.cancelTimer(this.timer);
    this.env.send(this.target, this.current);
    this.timer = this.env.setTimer(this.timeoutNs, 'retry');
  }
}
