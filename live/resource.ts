/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The protected resource of a live run is the simulator's own (core/resource), fenced or not,
 * hosted in the harness: a client's write arrives over its IPC pipe and is judged at once. The
 * host gives the resource the two things it uses from its environment (replies and its trace);
 * its log feeds the effect checkers exactly as in simulation.
 */
import type { Env } from '../core/env.js';
import { Resource, type ResourceMode } from '../core/resource/resource.js';
import type { ResourceReply, ResourceWriteRequest } from '../core/resource/messages.js';
import type { Recorder } from './recorder.js';
import { resourceWriteOf } from '../scenarios/harness/resource-writes.js';

export class LiveResource {
  private readonly resource: Resource;
  private lastReply: ResourceReply | null = null;
  private reqId = 0;

  constructor(mode: ResourceMode, rec: Recorder) {
    const notUsed = (what: string) => (): never => {
      throw new Error(`the live resource host offers no ${what}`);
    };
    const env: Env = {
      id: 'resource',
      monotonicNs: () => rec.now(),
      wallNs: () => rec.now(),
      setTimer: notUsed('timers'),
      cancelTimer: notUsed('timers'),
      send: (_to, message) => {
        this.lastReply = message as ResourceReply;
      },
      disk: undefined as unknown as Env['disk'],
      random: notUsed('randomness'),
      trace: (kind, data) => {
        rec.event(kind, data ?? {}, 'resource');
        if (kind === 'resource-write' && data) {
          rec.resourceLog.push(resourceWriteOf(data, rec.now()));
        }
      },
    };
    this.resource = new Resource(env, mode);
  }

  /** Applies one write now; returns whether it was accepted and why not. */
  write(client: string, lock: string, token: number | null, value: unknown): ResourceReply {
    const req: ResourceWriteRequest = { type: 'res-write', reqId: ++this.reqId, lock, key: 'x', value, token, client };
    this.lastReply = null;
    this.resource.onMessage(client, req);
    return this.lastReply ?? { type: 'res-reply', reqId: req.reqId, ok: false };
  }
}
