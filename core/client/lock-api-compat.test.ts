import { describe, expect, it } from 'vitest';
import type { LockApi, LockClientEvent } from '../../scenarios/workloads/lock-api.js';
import { SEC } from '../../sim/time.js';
import { ClientWorld } from './testing/client-world.js';

describe('the library is the LockApi the workloads program against', () => {
  it('type-checks as a LockApi and works through it', () => {
    const w = new ClientWorld();
    const api: LockApi = w.lib();
    const events: LockClientEvent[] = [];
    const off = api.onEvent((e) => events.push(e));
    let token: number | null = null;
    api.acquire('L', 'exclusive', (r) => {
      if (r.ok) token = r.token;
    });
    w.world.runFor(1 * SEC);
    expect(token).not.toBeNull();
    expect(api.holds('L')).toEqual({ held: true, token });
    off();
    api.release('L', token!, () => {});
    w.world.runFor(1 * SEC);
    expect(events).toEqual([
      { type: 'session', state: 'connected' },
      { type: 'belief', lock: 'L', token, mode: 'exclusive', held: true },
    ]);
  });
});
