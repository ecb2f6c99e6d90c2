/**
 * The interpreter: installs a schedule on a world as simulator actions. Each fault fires at its
 * time, is undone after its duration (or at the final heal), and leaves three records: trace events
 * ('fault', 'fault-end'), Jepsen nemesis operations (invoke/info pairs on process "nemesis"), and
 * a `FaultInterval` for reports and checkers.
 *
 * Nemesis operations: a fault's start is `f = <kind>`, its end `f = "stop-<kind>"`, and the final
 * heal `f = "heal"`. The invoke's value is the fault as written ({targets, params}); the info's is
 * what was done ({targets resolved, params, and detail such as components or skipped nodes}).
 *
 * Everything runs synchronously inside world events; targets are resolved from the nemesis stream
 * ("nemesis") at fire time, so a run is a function of its seed and its schedule.
 */
import type { FaultInterval } from '../checker/history.js';
import type { World } from '../sim/world.js';
import { applyFault, type FaultEnv } from './apply-fault.js';
import { contextNodes, topologyOf, type NemesisContext, type NemesisOp } from './context.js';
import { ClockFaults } from './effects/clock-faults.js';
import { LinkHolds } from './effects/link-holds.js';
import { LinkOverlays } from './effects/link-overlays.js';
import { PartitionState } from './effects/partitions.js';
import { ProcessHolds } from './effects/process-holds.js';
import { finalHeal } from './heal.js';
import { validateSchedule, type FaultSpec, type Schedule } from './schedule.js';

export interface NemesisRun {
  /** Every fault that did something, as intervals in firing order (end null while active). */
  intervals(): FaultInterval[];
  /** The intervals of the faults active now. */
  active(): FaultInterval[];
  /**
   * The final heal, now: ends every active fault, cancels those not yet fired, heals the world.
   * Returns the heal time; a second call returns the first one's time and does nothing.
   */
  heal(): number;
  /** When the final heal ran; null before. */
  healedAt(): number | null;
  /**
   * Fires one more fault now, outside the schedule: an aimed fault, set off by something the system
   * just did (a grant, an election). It is validated like a scheduled one, recorded and healed the
   * same way, and numbered after the schedule's faults. Does nothing after the final heal.
   */
  inject(spec: Omit<FaultSpec, 'at'>): void;
}

interface Running {
  index: number;
  spec: FaultSpec;
  interval: FaultInterval;
  undo: () => void;
  ended: boolean;
}

class ScheduleRun implements NemesisRun {
  private readonly env: FaultEnv;
  private readonly running = new Map<number, Running>();
  private readonly done: FaultInterval[] = [];
  private healTime: number | null = null;

  constructor(
    private readonly world: World,
    private readonly ctx: NemesisContext,
    /** The next fault number: injected faults follow the schedule's. */
    private nextIndex: number,
  ) {
    const rng = world.random.stream('nemesis');
    const env: FaultEnv = {
      world,
      topology: topologyOf(ctx),
      leader: () => ctx.leader(),
      rng,
      partitions: new PartitionState(world, (owner, by) => this.supersede(owner, by)),
      links: new LinkOverlays(world),
      holds: new LinkHolds(world, rng),
      processes: new ProcessHolds(world),
      clocks: new ClockFaults(world),
    };
    if (ctx.addVoter) env.addVoter = (id) => ctx.addVoter?.(id);
    if (ctx.removeVoter) env.removeVoter = (id) => ctx.removeVoter?.(id);
    this.env = env;
  }

  /** Ops of faults ended while another fault is being applied, held back to keep pairs whole. */
  private held: NemesisOp[] | null = null;

  private op(type: 'invoke' | 'info', f: string, value: unknown): void {
    const op: NemesisOp = { process: 'nemesis', type, f, value, time: this.world.now };
    if (this.held) this.held.push(op);
    else this.ctx.recordOp?.(op);
  }

  fire(index: number, spec: FaultSpec): void {
    if (this.healTime !== null) return;
    const written: Record<string, unknown> = {};
    if (spec.targets) written.targets = spec.targets;
    if (spec.params) written.params = spec.params;
    // Applying a fault may end one it replaces: that end is recorded first, as its own
    // invoke/info pair, so the nemesis process never has two operations open at once.
    this.held = [];
    let applied: ReturnType<typeof applyFault>;
    try {
      applied = applyFault(index, spec, this.env);
    } finally {
      const ended = this.held;
      this.held = null;
      for (const op of ended) this.ctx.recordOp?.(op);
    }
    this.op('invoke', spec.fault, written);
    const params = { ...(spec.params ?? {}), ...applied.detail };
    const value: Record<string, unknown> = { targets: applied.targets, ...params };
    if (spec.duration !== undefined) value.duration = spec.duration;
    this.op('info', spec.fault, value);
    this.world.trace.record(this.world.now, 'fault', undefined, spec.fault, { index, fault: spec.fault, ...value });
    const noop = applied.noop ?? (applied.targets.length === 0 ? 'no target' : undefined);
    if (noop !== undefined || applied.undo === null) return;
    const interval: FaultInterval = { fault: spec.fault, targets: applied.targets, start: this.world.now, end: null, params };
    const running: Running = { index, spec, interval, undo: applied.undo, ended: false };
    this.running.set(index, running);
    this.done.push(interval);
    if (spec.duration !== undefined) {
      this.world.after(spec.duration, `nemesis:stop-${spec.fault}`, () => this.end(running, null));
    }
  }

  /** Ends a fault: by its duration (undo it), or because a later fault replaced it (no undo). */
  private end(running: Running, supersededBy: number | null): void {
    if (running.ended || this.healTime !== null) return;
    running.ended = true;
    this.running.delete(running.index);
    const f = `stop-${running.spec.fault}`;
    const value: Record<string, unknown> = { targets: running.interval.targets };
    if (supersededBy !== null) value.supersededBy = supersededBy;
    this.op('invoke', f, value);
    if (supersededBy === null) running.undo();
    running.interval.end = this.world.now;
    this.world.trace.record(this.world.now, 'fault-end', undefined, running.spec.fault, { index: running.index, fault: running.spec.fault, ...value });
    this.op('info', f, value);
  }

  private supersede(owner: number, by: number): void {
    const running = this.running.get(owner);
    if (running) this.end(running, by);
  }

  heal(): number {
    if (this.healTime !== null) return this.healTime;
    const now = this.world.now;
    for (const running of this.running.values()) {
      running.ended = true;
      running.interval.end = now;
      this.world.trace.record(now, 'fault-end', undefined, running.spec.fault, { index: running.index, fault: running.spec.fault, healed: true });
    }
    this.running.clear();
    // Set before healing, so that nothing the heal sets off can fire a fault.
    this.healTime = now;
    return finalHeal(this.world, this.ctx);
  }

  healedAt(): number | null {
    return this.healTime;
  }

  inject(spec: Omit<FaultSpec, 'at'>): void {
    if (this.healTime !== null) return;
    const [checked] = validateSchedule({ faults: [{ ...spec, at: this.world.now }] }, { file: 'aimed fault', topology: topologyOf(this.ctx) }).faults;
    this.fire(this.nextIndex++, checked!);
  }

  intervals(): FaultInterval[] {
    return this.done.map(copyInterval);
  }

  active(): FaultInterval[] {
    return [...this.running.values()].map((r) => copyInterval(r.interval));
  }
}

function copyInterval(i: FaultInterval): FaultInterval {
  const out: FaultInterval = { fault: i.fault, targets: [...i.targets], start: i.start, end: i.end };
  if (i.params) out.params = { ...i.params };
  return out;
}

/**
 * Installs `schedule` on `world`: each fault becomes a simulator action at its time, and when the
 * schedule has `healAt`, the final heal comes then. Throws `ScheduleError` when the schedule names
 * nodes the context lacks or needs callbacks it does not provide.
 */
export function installSchedule(world: World, schedule: Schedule, ctx: NemesisContext): NemesisRun {
  const checked = validateSchedule(schedule, { file: 'schedule', topology: topologyOf(ctx) });
  for (const id of contextNodes(ctx)) {
    if (!world.has(id)) throw new Error(`nemesis context names "${id}", which is not a process of this world`);
  }
  const run = new ScheduleRun(world, ctx, checked.faults.length);
  checked.faults.forEach((spec, index) => world.at(spec.at, `nemesis:${spec.fault}`, () => run.fire(index, spec)));
  if (checked.healAt !== undefined) world.at(checked.healAt, 'nemesis:heal', () => run.heal());
  return run;
}
