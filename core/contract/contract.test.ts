import { describe, expect, it } from 'vitest';
import {
  CLIENT_DOWN,
  DesignRegistry,
  electionOverMutex,
  EventHub,
  followRestarts,
  KnobError,
  resolveKnobs,
  changedKnobs,
  type ClientNotice,
  type ClientOf,
  type KnobTable,
  type Mutex,
} from './index.js';

const knobs: KnobTable = [
  { name: 'leasePolicy', description: 'how leases are timed', safe: 'log-time', unsafe: [{ value: 'wall-clock', hazard: 'wall-clock-jump', why: 'a step forward ends leases' }] },
  { name: 'dedup', description: 'exactly-once table', safe: true, unsafe: [{ value: false, hazard: 'lost-reply-retry', why: 'a retry runs twice' }] },
];

describe('a design registers its knobs, safe unless a setting says otherwise', () => {
  it('fills every knob with its safe value and applies an allowed override', () => {
    expect(resolveKnobs('d', knobs)).toEqual({ leasePolicy: 'log-time', dedup: true });
    expect(resolveKnobs('d', knobs, { dedup: false })).toEqual({ leasePolicy: 'log-time', dedup: false });
    expect(changedKnobs(knobs, { leasePolicy: 'log-time', dedup: false })).toEqual({ dedup: false });
  });

  it('refuses an unknown knob or a value the table does not list, naming it', () => {
    expect(() => resolveKnobs('d', knobs, { fsync: 'no' })).toThrow(/no knob "fsync"/);
    expect(() => resolveKnobs('d', knobs, { leasePolicy: 'sundial' })).toThrow(KnobError);
  });

  it('refuses a second design of the same name', () => {
    const registry = new DesignRegistry();
    const design = { name: 'd', title: 't', capabilities: ['mutex'] as const, knobs, build: () => () => { throw new Error('not built here'); } };
    registry.register(design);
    expect(registry.find('d')?.title).toBe('t');
    expect(() => registry.register(design)).toThrow(/registered twice/);
  });
});

describe('one hub, one restart-following handle', () => {
  it('a hub keeps two subscriptions of one function apart and unsubscribes each', () => {
    const hub = new EventHub<number>();
    const seen: number[] = [];
    const f = (n: number): void => void seen.push(n);
    const off1 = hub.on(f);
    hub.on(f);
    hub.emit(1);
    off1();
    hub.emit(2);
    expect(seen).toEqual([1, 1, 2]);
  });

  it('a call to a client that is down fails at once; a call to a live one reaches the incarnation running now', () => {
    const calls: string[] = [];
    const incarnation = (n: number): Mutex => ({
      acquire: (lock, _mode, cb) => { calls.push(`${n}:acquire ${lock}`); cb({ ok: true, token: n }); },
      release: (_lock, _token, cb) => cb({ ok: true }),
      holds: () => ({ held: true, token: n }),
    });
    let current: Mutex | null = null;
    const hub = new EventHub<ClientNotice>();
    const handle = followRestarts(['mutex'], () => current as ClientOf<'mutex'> | null, hub);
    const results: unknown[] = [];
    handle.acquire('L', 'exclusive', (r) => results.push(r));
    expect(handle.holds('L')).toEqual({ held: false, token: null });
    current = incarnation(2);
    handle.acquire('L', 'exclusive', (r) => results.push(r));
    expect(results).toEqual([CLIENT_DOWN, { ok: true, token: 2 }]);
    expect(calls).toEqual(['2:acquire L']);
    expect(handle.holds('L')).toEqual({ held: true, token: 2 });
    const notices: ClientNotice[] = [];
    handle.onEvent((e) => notices.push(e));
    hub.emit({ type: 'session', state: 'lost' });
    expect(notices).toEqual([{ type: 'session', state: 'lost' }]);
  });

  it('leader election over a mutex campaigns with an exclusive acquire', () => {
    const modes: string[] = [];
    const election = electionOverMutex({
      acquire: (_l, mode, cb) => { modes.push(mode); cb({ ok: true, token: 7 }); },
      release: (_l, _t, cb) => cb({ ok: true }),
      holds: () => ({ held: true, token: 7 }),
    });
    let token = 0;
    election.campaign('leader', (r) => { if (r.ok) token = r.token; });
    expect([modes, token, election.leads('leader').held]).toEqual([['exclusive'], 7, true]);
  });
});
