/**
 * How the lock runs run a system written against the contract (core/contract): the host spawns its
 * processes in the world, its typed events go straight into the run's record (no trace-string
 * parsing), each client's handle is what the workload drives, and the nemesis sees the servers,
 * the leader, the membership and the designed clocks the system declares. Every system goes through here: the
 * built-in designs of the registry (scenarios/harness/designs) and a user's `defineSystem`.
 */
import type { Capability, ClientOf, LockApi } from '../../core/contract/capabilities.js';
import { CAPABILITY_METHODS } from '../../core/contract/capabilities.js';
import type { EventSink, SystemEvent } from '../../core/contract/events.js';
import type { ProcessClock, SystemBuilder, SystemHost, SystemUnderTest } from '../../core/contract/system.js';
import type { NodeId, Process } from '../../core/env.js';
import type { DesignedClock, NemesisContext } from '../../nemesis/context.js';
import type { HistoryRecorder } from '../../sim/recorder.js';
import type { World } from '../../sim/world.js';
import type { LockSystem, SystemFactory, SystemSetup } from './system.js';
import { onTraceEvent } from './trace-events.js';

/** Records a system's facts into the run's record (and role and session changes into the trace). */
export function recordingSink(world: World, recorder: HistoryRecorder): EventSink<SystemEvent> {
  const grants = new Set<string>();
  return {
    emit(e) {
      if (recorder.closed) return;
      switch (e.type) {
        case 'grant':
          // One grant reported twice (by two leaders that applied it) is one grant.
          if (e.id !== undefined) {
            if (grants.has(e.id)) return;
            grants.add(e.id);
          }
          recorder.grant({ lock: e.lock, owner: e.owner, client: e.client, token: e.token, mode: e.mode, at: world.now });
          return;
        case 'release':
          recorder.grantEnd(e.lock, e.owner, e.token, e.reason, world.now - (e.endedAgoNs ?? 0));
          return;
        case 'belief-start':
          recorder.beliefStart(e.client, e.lock, e.token, e.mode, e.op);
          return;
        case 'belief-end':
          recorder.beliefEnd(e.client, e.lock, e.token, e.reason);
          return;
        case 'resource-write': {
          const { type: _type, ...write } = e;
          recorder.resourceWrite({ ...write, time: world.now });
          return;
        }
        case 'role':
          world.trace.record(world.now, 'role', e.node, `${e.node} ${e.role} in term ${e.term}`, { node: e.node, role: e.role, term: e.term });
          return;
        case 'session':
          world.trace.record(world.now, 'session', e.client, `${e.client} ${e.state}`, { client: e.client, state: e.state });
          return;
      }
    },
  };
}

/** The designed part of a process clock (what the final heal puts back after resetting it). */
function designedOf(c: ProcessClock | undefined): DesignedClock | undefined {
  if (c === undefined) return undefined;
  return {
    ...(c.driftPpm !== undefined ? { driftPpm: c.driftPpm } : {}),
    ...(c.wallDriftPpm !== undefined ? { wallDriftPpm: c.wallDriftPpm } : {}),
    ...(c.wallOffsetNs !== undefined ? { wallOffsetNs: c.wallOffsetNs } : {}),
  };
}

/** The one `SystemHost` lockstep gives a system in a simulated world. */
export function worldHost({ world, recorder, clients, resource }: SystemSetup): SystemHost {
  return {
    clients,
    ...(resource ? { resource } : {}),
    spawn: (spec) => {
      world.addProcess(spec.id, spec.start, { ...(spec.fsync ? { fsync: spec.fsync } : {}), ...(spec.clock ? { clock: spec.clock } : {}), ...(spec.down ? { start: false } : {}) });
    },
    running: <P extends Process>(id: NodeId) => (world.has(id) && world.status(id) !== 'down' ? world.process<P>(id) : null),
    state: (id) => (world.has(id) ? world.status(id) : 'absent'),
    restart: (id) => world.restart(id),
    after: (delayNs, label, action) => world.after(delayNs, label, action),
    now: () => world.now,
    onTrace: (listener) => onTraceEvent(world, listener),
    events: recordingSink(world, recorder),
  };
}

/** What the nemesis may do to a system: its servers, clients and resource, its leader, its membership. */
export function nemesisOf(system: Pick<SystemUnderTest, 'servers' | 'leader' | 'addVoter' | 'removeVoter' | 'keepDown' | 'designedClock'>, host: SystemHost, recorder: HistoryRecorder): NemesisContext {
  return {
    servers: system.servers,
    clients: host.clients,
    ...(host.resource ? { resource: host.resource } : {}),
    leader: () => system.leader?.() ?? null,
    recordOp: (op) => {
      recorder.nemesisOp(op.f, op.value, op.type);
    },
    ...(system.designedClock ? { designedClock: (id: string) => designedOf(system.designedClock!(id)) } : {}),
    ...(system.addVoter ? { addVoter: (id: string) => system.addVoter!(id) } : {}),
    ...(system.removeVoter ? { removeVoter: (id: string) => system.removeVoter!(id) } : {}),
    ...(system.keepDown ? { keepDown: (id: string) => system.keepDown!(id) } : {}),
  };
}

/**
 * The wide `LockApi` the workloads are written against, from a handle offering `capabilities`:
 * a call to a capability the design does not offer throws, naming it (a hazard's `needs` keeps
 * such a workload off such a design, so this is a programming error, not a verdict).
 */
export function asLockApi<C extends Capability>(design: string, capabilities: readonly C[], handle: ClientOf<C>): LockApi {
  const api: Record<string, unknown> = { ...(handle as object) };
  for (const [capability, methods] of Object.entries(CAPABILITY_METHODS) as [Capability, readonly string[]][]) {
    if ((capabilities as readonly Capability[]).includes(capability)) continue;
    for (const method of methods) {
      api[method] ??= () => {
        throw new Error(`${design} offers no ${capability} (called ${method})`);
      };
    }
  }
  return api as unknown as LockApi;
}

/** Runs a contract system as a lock run's system. */
export function contractSystem<C extends Capability>(design: string, capabilities: readonly C[], build: SystemBuilder<C>): SystemFactory {
  return (setup): LockSystem => {
    const host = worldHost(setup);
    const system = build(host);
    const apis = new Map(setup.clients.map((id) => [id, asLockApi(design, capabilities, system.client(id))] as const));
    return {
      apis,
      nemesis: nemesisOf(system, host, setup.recorder),
      ...(system.replicaStates ? { replicaStates: () => system.replicaStates!() } : {}),
      ...(system.quiesce ? { quiesce: () => system.quiesce!() } : {}),
      ...(system.quiescent ? { quiescent: () => system.quiescent!() } : {}),
      ...(system.monitorViolations ? { monitorViolations: (endAt: number) => system.monitorViolations!(endAt) } : {}),
      ...(system.stats ? { stats: () => system.stats!() } : {}),
    };
  };
}
