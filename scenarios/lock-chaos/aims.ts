/**
 * Aimed faults: faults set off by what the system just did, where a time-driven schedule would
 * hit only by luck. They watch the trace (grants and elections) and inject faults into the run's
 * nemesis, so each one is recorded, numbered, undone and healed like a scheduled fault. Which aims
 * a run has, and how often each fires, is the seed's swarm choice.
 *
 * - `pause-holder`: a client just granted a lock freezes inside its critical section, for half to
 *   twice the lease, while others queue for the lock and its lease runs out under them;
 * - `lose-replies`: right after a grant, what the servers send to the holder is dropped for a few
 *   request timeouts, so its next requests (a release, a write's lock check) are retried;
 * - `delay-keepalive-replies`: now and then, everything the servers send to one client is held up
 *   for a good part of the lease (its keep-alive answers come late); half the time the client is
 *   then cut off from the servers for one to two leases, so that the late answers are the last it
 *   gets and its lease must end where those answers, counted from when they were asked, say;
 * - `crash-after-grant`: the leader dies right after applying a grant, before or after the reply;
 * - `crash-after-vote`: as a new leader takes office, one of the others (a voter) dies and loses
 *   what it had not synced;
 * - `power-loss`: a few times in the run, several servers lose power at once;
 * - `strand-holder`: soon after a grant, the holder is cut off from every server (it can still
 *   reach the resource) for one to two leases: it goes on believing until its own timer says the
 *   lease is over, while the servers expire it and hand the lock on. Whatever the client's and the
 *   server's lease arithmetic leave between those two moments is all that keeps them apart;
 * - `skew-lease-clocks`: as a lock is granted, the holder's clock runs slow and the leader's fast,
 *   together nearly as far apart as the ε bound the design assumes, for a few leases: the worst
 *   rates a lease must survive, pointed the way that shortens the server's lease and lengthens
 *   the client's belief.
 */
import type { NemesisRun } from '../../nemesis/interpret.js';
import { intBetween, pick, shuffled, type Rng } from '../../sim/random.js';
import { MS } from '../../sim/time.js';
import type { World } from '../../sim/world.js';
import { onTraceEvent } from '../harness/trace-events.js';

export const AIMS = [
  'pause-holder',
  'lose-replies',
  'delay-keepalive-replies',
  'crash-after-grant',
  'crash-after-vote',
  'power-loss',
  'strand-holder',
  'skew-lease-clocks',
] as const;
export type Aim = (typeof AIMS)[number];

export interface AimOptions {
  aims: readonly Aim[];
  servers: readonly string[];
  clients: readonly string[];
  leader(): string | null;
  ttlNs: number;
  requestTimeoutNs: number;
  /** How far one clock may drift (ppm) with every pair still inside the design's ε bound. */
  maxDriftPpm: number;
  /** Aimed faults stop firing here (the final heal). */
  endNs: number;
}

/** Chance that one grant or election sets off the aim (when the run has it). */
const CHANCE: Readonly<Record<Aim, number>> = {
  'pause-holder': 0.25,
  'lose-replies': 0.15,
  'delay-keepalive-replies': 0,
  'crash-after-grant': 0.08,
  'crash-after-vote': 0.3,
  'power-loss': 0,
  'strand-holder': 0.15,
  'skew-lease-clocks': 0.15,
};

/** How close to its bound skew-lease-clocks drives each clock: at least and at most. */
const SKEW_OF_EPSILON = { min: 0.8, max: 0.95 } as const;

const between = (rng: Rng, lo: number, hi: number): number => Math.floor(lo + rng() * (hi - lo));

export function installAims(world: World, nemesis: NemesisRun, o: AimOptions, rng: Rng): void {
  const on = new Set(o.aims);
  if (on.size === 0) return;
  const live = (): boolean => world.now < o.endNs;
  // Injecting inside a trace event would crash or freeze a process in the middle of its own step:
  // every aimed fault fires in an event of its own.
  const soon = (delayNs: number, label: string, fire: () => void): void => {
    world.after(delayNs, `aim:${label}`, () => {
      if (live()) fire();
    });
  };
  const hits = (aim: Aim): boolean => on.has(aim) && rng() < CHANCE[aim];

  onTraceEvent(world, (e) => {
    if (!live()) return;
    if (e.kind === 'lock:grant' && e.node === o.leader()) {
      const client = e.data.client;
      if (!o.clients.includes(client)) return;
      if (hits('pause-holder')) {
        soon(between(rng, 0, 50 * MS), 'pause-holder', () => nemesis.inject({ fault: 'pause', targets: [client], duration: between(rng, o.ttlNs / 2, 2 * o.ttlNs) }));
      }
      if (hits('lose-replies')) {
        soon(0, 'lose-replies', () =>
          nemesis.inject({ fault: 'one-way', params: { from: ['servers'], to: [client] }, duration: between(rng, o.requestTimeoutNs, 4 * o.requestTimeoutNs) }),
        );
      }
      if (hits('strand-holder')) {
        soon(between(rng, 0, 2 * o.requestTimeoutNs), 'strand-holder', () =>
          nemesis.inject({ fault: 'isolate', targets: [client], params: { from: ['servers'] }, duration: between(rng, o.ttlNs, 2 * o.ttlNs) }),
        );
      }
      if (hits('skew-lease-clocks')) {
        const leader = e.node;
        const ppm = Math.round(o.maxDriftPpm * (SKEW_OF_EPSILON.min + rng() * (SKEW_OF_EPSILON.max - SKEW_OF_EPSILON.min)));
        const duration = between(rng, 2 * o.ttlNs, 4 * o.ttlNs);
        soon(0, 'skew-lease-clocks', () => {
          nemesis.inject({ fault: 'clock-drift', targets: [client], params: { ppm: -ppm }, duration });
          nemesis.inject({ fault: 'clock-drift', targets: [leader], params: { ppm }, duration });
        });
      }
      if (hits('crash-after-grant')) {
        const leader = e.node;
        soon(0, 'crash-after-grant', () =>
          nemesis.inject({ fault: 'crash', targets: [leader], params: { mode: pick(rng, ['clean', 'lose-unsynced'] as const) }, duration: between(rng, 50 * MS, 2000 * MS) }),
        );
      }
    } else if (e.kind === 'role' && e.data.role === 'leader' && typeof e.node === 'string' && hits('crash-after-vote')) {
      const voters = o.servers.filter((s) => s !== e.node);
      const voter = pick(rng, voters);
      soon(0, 'crash-after-vote', () => nemesis.inject({ fault: 'crash', targets: [voter], params: { mode: 'lose-unsynced' }, duration: between(rng, 20 * MS, 1000 * MS) }));
    }
  });

  if (on.has('delay-keepalive-replies')) {
    const next = (): void => {
      const gap = between(rng, o.ttlNs / 2, 2 * o.ttlNs);
      world.after(gap, 'aim:delay-keepalive-replies', () => {
        if (!live()) return;
        const client = pick(rng, o.clients);
        nemesis.inject({ fault: 'clog', params: { from: ['servers'], to: [client], extraNs: between(rng, (3 * o.ttlNs) / 10, o.ttlNs) }, duration: o.ttlNs });
        if (rng() < 0.5) {
          const silence = between(rng, o.ttlNs, 2 * o.ttlNs);
          world.after(o.ttlNs, 'aim:delay-keepalive-replies:cut', () => {
            if (live()) nemesis.inject({ fault: 'isolate', targets: [client], params: { from: ['servers'] }, duration: silence });
          });
        }
        next();
      });
    };
    next();
  }

  if (on.has('power-loss')) {
    const times = intBetween(rng, 1, 3);
    for (let i = 0; i < times; i++) {
      const at = between(rng, 0, o.endNs);
      const count = intBetween(rng, 2, o.servers.length);
      const victims = shuffled(rng, o.servers).slice(0, count);
      world.at(at, 'aim:power-loss', () => {
        if (live()) nemesis.inject({ fault: 'crash', targets: victims, params: { mode: 'lose-unsynced' }, duration: between(rng, 100 * MS, 2000 * MS) });
      });
    }
  }
}
