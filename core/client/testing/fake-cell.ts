/**
 * A stand-in lock service cell for the client library's tests: a few server processes sharing one
 * real `LockStateMachine`, as if Raft had already agreed on every command. Only the leader
 * answers; the others redirect with a hint (the leader, by default). The leader feeds log time
 * with ticks from its monotonic clock, answers a queued acquire with `final: false` and pushes the
 * final answer later, and traces the state machine's facts as `lock:<kind>` (as the real node
 * does), so a test can read grants and expiries in true time. Tests can move the leadership,
 * change the hint and drop replies.
 */
import type { Env, NodeId, Process, TimerId } from '../../env.js';
import type { Command } from '../../lock/commands.js';
import type { LockServiceConfig } from '../../lock/config.js';
import type { Reply } from '../../lock/replies.js';
import { LockStateMachine } from '../../lock/state-machine.js';
import { isClientRequest, READ_COMMANDS, type ClientReply, type ClientRequest } from '../../server/protocol.js';

const MS = 1_000_000;

export interface FakeCellOptions {
  servers: readonly NodeId[];
  /** The first leader (default: the first server). */
  leader?: NodeId | null;
  lock?: Partial<LockServiceConfig>;
  /** How often the leader ticks log time (default 10 ms). */
  tickNs?: number;
}

export class FakeCell {
  readonly servers: readonly NodeId[];
  readonly machine: LockStateMachine;
  readonly tickNs: number;
  leader: NodeId | null;
  term = 1;
  /** What a follower answers when asked who leads. */
  hint: (follower: NodeId) => NodeId | null = () => this.leader;
  /** Return true to lose a reply instead of sending it. */
  dropReply: (reply: ClientReply) => boolean = () => false;
  /** Every client command applied, in log order. */
  readonly log: Array<{ index: number; command: Command; reply: Reply }> = [];
  private index = 0;
  /** The servers' environments, for commands a test applies as if a client had sent them. */
  private readonly envs = new Map<NodeId, Env>();
  /** Who ticked last, in which term, at which reading of its monotonic clock. */
  private lastTick: { server: NodeId; term: number; mono: number } | null = null;

  constructor(options: FakeCellOptions) {
    this.servers = options.servers;
    this.leader = options.leader === undefined ? (options.servers[0] ?? null) : options.leader;
    this.machine = new LockStateMachine(options.lock ?? {});
    this.tickNs = options.tickNs ?? 10 * MS;
  }

  /** A new term with `leader` (null: nobody leads). */
  moveLeader(leader: NodeId | null): void {
    this.leader = leader;
    this.term += 1;
  }

  /** The process factory for server `id`. */
  server(id: NodeId): (env: Env) => Process {
    return (env) => {
      this.envs.set(id, env);
      return new FakeServer(env, this);
    };
  }

  /** Applies `command` on the leader now, as an operator would (no client waits for it). */
  operator(command: Command): Reply {
    const env = this.leader === null ? undefined : this.envs.get(this.leader);
    if (env === undefined) throw new Error('no leader to apply an operator command on');
    this.tick(env, false);
    return this.apply(env, command).reply;
  }

  /** Ticks log time on the leader's clock when its last tick is stale (or from another term). */
  tick(env: Env, force: boolean): void {
    const mono = env.monotonicNs();
    const last = this.lastTick;
    const fresh = last === null || last.server !== env.id || last.term !== this.term;
    if (!fresh && !force && mono - last.mono < this.tickNs) return;
    // The first tick of a term carries nothing: time without this leader does not count.
    const elapsedNs = fresh ? 0 : mono - last.mono;
    this.lastTick = { server: env.id, term: this.term, mono };
    this.apply(env, { type: 'tick', elapsedNs });
  }

  /** Applies one command as the next log entry; returns its reply and sends the answers it owes. */
  apply(env: Env, command: Command): { reply: Reply; final: boolean } {
    this.index += 1;
    const result = this.machine.apply({ index: this.index, term: this.term, command });
    for (const { kind, ...rest } of result.facts) env.trace(`lock:${kind}`, { ...rest, index: this.index });
    if (command.type !== 'tick') this.log.push({ index: this.index, command, reply: result.reply });
    for (const a of result.answers) {
      const { clientId, seq } = a.request;
      if (clientId !== undefined && seq !== undefined) this.send(env, clientId, { type: 'lock-rep', clientId, seq, status: 'ok', final: true, reply: a.reply, from: env.id });
    }
    const r = result.reply as Reply & { type?: string; granted?: boolean; queued?: boolean };
    const queued = r.ok === true && r.type === 'acquire' && r.granted === false && r.queued === true;
    return { reply: result.reply, final: !queued };
  }

  send(env: Env, to: NodeId, reply: ClientReply): void {
    if (!this.dropReply(reply)) env.send(to, reply);
  }
}

class FakeServer implements Process {
  private timer: TimerId | null = null;

  constructor(
    private readonly env: Env,
    private readonly cell: FakeCell,
  ) {}

  start(): void {
    this.timer = this.env.setTimer(this.cell.tickNs, 'tick');
  }

  onTimer(id: TimerId): void {
    if (id !== this.timer) return;
    if (this.cell.leader === this.env.id) this.cell.tick(this.env, true);
    this.timer = this.env.setTimer(this.cell.tickNs, 'tick');
  }

  onMessage(from: NodeId, message: unknown): void {
    if (!isClientRequest(message)) return;
    const req: ClientRequest = message;
    const { clientId, seq } = req;
    if (this.cell.leader !== this.env.id) {
      this.cell.send(this.env, from, { type: 'lock-rep', clientId, seq, status: 'not-leader', leader: this.cell.hint(this.env.id), from: this.env.id });
      return;
    }
    if (READ_COMMANDS.has(req.command.type)) {
      const reply = this.cell.machine.query(req.command);
      this.cell.send(this.env, clientId, { type: 'lock-rep', clientId, seq, status: 'ok', final: true, reply, from: this.env.id });
      return;
    }
    this.cell.tick(this.env, false);
    const { reply, final } = this.cell.apply(this.env, { ...req.command, clientId, seq } as Command);
    this.cell.send(this.env, clientId, { type: 'lock-rep', clientId, seq, status: 'ok', final, reply, from: this.env.id });
  }
}
