/**
 * A user's system as the lock harness runs it: its servers and clients in the world, the
 * protected resource (fenced when the system says its tokens fence), each client's library
 * following restarts, and the facts the system reports (grants, roles) turned into the record the
 * checkers read. Nothing is read from trace strings.
 */
import { asyncProcess, type ReportedFact } from '../../core/async/context.js';
import { UserCodeError } from '../../core/async/realm.js';
import { EventHub, followLockApi, type ClientNotice, type LockApi } from '../../core/contract/index.js';
import type { NodeId, Process } from '../../core/env.js';
import { Resource } from '../../core/resource/resource.js';
import type { LockSystem, SystemFactory } from '../harness/system.js';
import { resourceWriteOf } from '../harness/resource-writes.js';
import { serverIds, type System } from './define.js';
import type { GuardedRealm } from './guarded-realm.js';
import { UserClientProcess } from './client-process.js';

export const USER_RESOURCE_ID = 'resource';

/** A fact must name its kind; the harness knows grants, releases and roles. */
function checkFact(process: NodeId, fact: ReportedFact): void {
  if (typeof fact !== 'object' || fact === null || typeof fact.type !== 'string') throw new UserCodeError(process, `${process} reported ${String(fact)}, not a fact {type, ...}`);
}

function field<T>(process: NodeId, fact: ReportedFact, name: string, ok: (v: unknown) => boolean): T {
  const v = (fact as unknown as Record<string, unknown>)[name];
  if (!ok(v)) throw new UserCodeError(process, `${process} reported a ${fact.type} whose ${name} is ${JSON.stringify(v)}`);
  return v as T;
}
const isString = (v: unknown): boolean => typeof v === 'string';
const isInt = (v: unknown): boolean => Number.isSafeInteger(v);

/**
 * A callback-style process whose every handler runs inside the realm, as `id`: its promises settle
 * before the next event, and what it throws is its failure (named, at the simulated time).
 */
function enteredProcess(realm: GuardedRealm, id: NodeId, process: Process): Process {
  if (!process || typeof process.onMessage !== 'function' || typeof process.onTimer !== 'function' || typeof process.start !== 'function') {
    throw new UserCodeError(id, `serverProcess() must return a process {start, onMessage, onTimer}`);
  }
  return {
    start: () => realm.enter(() => process.start(), id),
    onMessage: (from, message) => realm.enter(() => process.onMessage(from, message), id),
    onTimer: (timer, tag) => realm.enter(() => process.onTimer(timer, tag), id),
  };
}

export function userSystem(system: System, realm: GuardedRealm): SystemFactory {
  return ({ world, recorder, clients, resource }): LockSystem => {
    const servers = serverIds(system);
    realm.useClock(() => world.now);
    let leader: NodeId | null = null;
    const report = (process: NodeId) => (reported: ReportedFact): void => {
      const fact = reported as ReportedFact;
      checkFact(process, fact);
      if (recorder.closed) return;
      if (fact.type === 'grant') {
        recorder.grant({
          lock: field(process, fact, 'lock', isString),
          owner: field(process, fact, 'owner', isString),
          client: field(process, fact, 'client', isString),
          token: field(process, fact, 'token', isInt),
          mode: fact.mode === 'shared' ? 'shared' : 'exclusive',
        });
      } else if (fact.type === 'release') {
        recorder.grantEnd(field(process, fact, 'lock', isString), field(process, fact, 'owner', isString), field(process, fact, 'token', isInt), typeof fact.reason === 'string' ? fact.reason : 'released');
      } else if (fact.type === 'role') {
        const role = field<string>(process, fact, 'role', isString);
        if (role === 'leader') leader = process;
        else if (leader === process) leader = null;
      } else {
        throw new UserCodeError(process, `${process} reported a fact of unknown type "${String((fact as { type: unknown }).type)}" (grant, release, role)`);
      }
    };

    for (const id of servers) {
      const kit = { servers, report: report(id), notify: () => undefined };
      world.addProcess(
        id,
        (env) =>
          system.server
            ? asyncProcess(env, system.server, { realm, servers, fail: (e) => realm.fail(e), report: kit.report })
            : enteredProcess(realm, id, realm.enter(() => system.serverProcess!(env, kit), id)),
        { fsync: system.fsync ?? 'always' },
      );
    }
    if (resource !== undefined) {
      const mode = system.capabilities.includes('fenced-resource') ? 'fenced' : 'none';
      world.addProcess(resource, (env) => new Resource(env, mode));
      // The resource (core/resource) still reports its writes as trace events; until it reports
      // typed events (core/contract's ResourceWriteEvent), they are recorded from the trace here,
      // as the built-in cluster does.
      world.trace.listen((e) => {
        if (e.kind !== 'resource-write' || recorder.closed) return;
        recorder.resourceWrite(resourceWriteOf(e.data ?? {}, e.t));
      });
    }

    const apis = new Map<string, LockApi>();
    for (const id of clients) {
      // The application's subscriptions outlive the client process (it crashes and restarts).
      const notices = new EventHub<ClientNotice>();
      const notify = (notice: ClientNotice): void => notices.emit({ ...notice });
      world.addProcess(id, (env) => new UserClientProcess(env, system, realm, servers, { report: report(id), notify }, resource));
      apis.set(id, followLockApi(() => world.process<UserClientProcess>(id)?.library ?? null, notices));
    }

    return {
      apis,
      nemesis: {
        servers,
        clients,
        ...(resource !== undefined ? { resource } : {}),
        leader: () => (leader !== null && world.status(leader) !== 'down' ? leader : null),
        recordOp: (op) => recorder.nemesisOp(op.f, op.value, op.type),
      },
      stats: () => ({ system: system.name }),
    };
  };
}
