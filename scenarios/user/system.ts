/**
 * A user's system as a contract system (core/contract), the same type as every built-in design
 * of the registry: its servers and clients on the host, the protected resource (fenced when the
 * system says its tokens fence), each client's library following restarts, and the facts the
 * system reports (grants, roles) turned into the contract's events. Nothing is read from trace
 * strings.
 */
import { asyncProcess, type ReportedFact } from '../../core/async/context.js';
import { UserCodeError } from '../../core/async/realm.js';
import { electionOverMutex, EventHub, followLockApi, type Capability, type ClientNotice, type ClientOf, type SystemBuilder } from '../../core/contract/index.js';
import type { NodeId, Process } from '../../core/env.js';
import { Resource } from '../../core/resource/resource.js';
import { resourceWriteEvent } from '../harness/resource-writes.js';
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

export function userSystem(system: System, realm: GuardedRealm): SystemBuilder<Capability> {
  return (host) => {
    const servers = serverIds(system);
    realm.useClock(() => host.now());
    let leader: NodeId | null = null;
    const report = (process: NodeId) => (reported: ReportedFact): void => {
      const fact = reported as ReportedFact;
      checkFact(process, fact);
      if (fact.type === 'grant') {
        host.events.emit({
          type: 'grant',
          lock: field(process, fact, 'lock', isString),
          owner: field(process, fact, 'owner', isString),
          client: field(process, fact, 'client', isString),
          token: field(process, fact, 'token', isInt),
          mode: fact.mode === 'shared' ? 'shared' : 'exclusive',
        });
      } else if (fact.type === 'release') {
        host.events.emit({
          type: 'release',
          lock: field(process, fact, 'lock', isString),
          owner: field(process, fact, 'owner', isString),
          token: field(process, fact, 'token', isInt),
          reason: typeof fact.reason === 'string' ? fact.reason : 'released',
        });
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
      host.spawn({
        id,
        role: 'server',
        start: (env) =>
          system.server
            ? asyncProcess(env, system.server, { realm, servers, fail: (e) => realm.fail(e), report: kit.report })
            : enteredProcess(realm, id, realm.enter(() => system.serverProcess!(env, kit), id)),
        fsync: system.fsync ?? 'always',
      });
    }
    const resource = host.resource;
    if (resource !== undefined) {
      const mode = system.capabilities.includes('fenced-resource') ? 'fenced' : 'none';
      host.spawn({ id: resource, role: 'resource', start: (env) => new Resource(env, mode) });
      // The resource (core/resource) reports its writes through the trace, typed.
      host.onTrace((e) => {
        if (e.kind === 'resource-write') host.events.emit(resourceWriteEvent(e.data));
      });
    }

    const apis = new Map<string, ClientOf<Capability>>();
    for (const id of host.clients) {
      // The application's subscriptions outlive the client process (it crashes and restarts).
      const notices = new EventHub<ClientNotice>();
      const notify = (notice: ClientNotice): void => notices.emit({ ...notice });
      host.spawn({ id, role: 'client', start: (env) => new UserClientProcess(env, system, realm, servers, { report: report(id), notify }, resource) });
      const library = followLockApi(() => host.running<UserClientProcess>(id)?.library ?? null, notices);
      // The library's mutex methods are its election's when it offers one (client-process.ts).
      apis.set(id, { ...library, ...electionOverMutex(library) });
    }

    return {
      servers,
      client: (id) => apis.get(id)!,
      leader: () => (leader !== null && host.state(leader) !== 'down' ? leader : null),
      stats: () => ({ system: system.name }),
    };
  };
}
