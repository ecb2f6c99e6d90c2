import { describe, expect, it } from 'vitest';
import { HistoryRecorder, RecorderError } from './recorder.js';

/** A recorder on a hand-driven clock. */
function recorderAt(clients: string[] = [], records?: ConstructorParameters<typeof HistoryRecorder>[0]['records']) {
  const clock = { t: 0 };
  const recorder = new HistoryRecorder({ now: () => clock.t, clients, records });
  return { recorder, clock };
}

describe('the history a recorder builds', () => {
  it('numbers events densely and stamps them with true time, node, key and local clocks', () => {
    const { recorder, clock } = recorderAt(['c1', 'c2']);
    clock.t = 100;
    const a = recorder.invoke(recorder.processOf('c1'), 'acquire', { owner: 'c1' }, { node: 'c1', key: 'L', localMonoNs: 7, localWallNs: 9 });
    clock.t = 150;
    const b = recorder.invoke(recorder.processOf('c2'), 'read', null, { node: 'c2', key: 'k' });
    clock.t = 200;
    recorder.complete(b, 'ok', 3, undefined, { localMonoNs: 11 });
    clock.t = 250;
    recorder.complete(a, 'ok', { token: 5 });
    const { history } = recorder.finish(300);
    expect(history.map((o) => [o.index, o.process, o.type, o.f, o.time])).toEqual([
      [0, 0, 'invoke', 'acquire', 100],
      [1, 1, 'invoke', 'read', 150],
      [2, 1, 'ok', 'read', 200],
      [3, 0, 'ok', 'acquire', 250],
    ]);
    expect(history[0]).toMatchObject({ node: 'c1', key: 'L', localMonoNs: 7, localWallNs: 9 });
    // The completion carries the invoke's node and key, so a pairing never loses them.
    expect(history[2]).toMatchObject({ node: 'c2', key: 'k', value: 3, localMonoNs: 11 });
  });

  it('retires a process whose op ended info, and gives its node a fresh process', () => {
    const { recorder } = recorderAt(['c1', 'c2']);
    const first = recorder.invoke(recorder.processOf('c1'), 'write', 1, { node: 'c1' });
    recorder.complete(first, 'info', null, 'timeout');
    expect(recorder.isRetired(0)).toBe(true);
    expect(recorder.processOf('c1')).toBe(2);
    const again = recorder.invoke(recorder.processOf('c1'), 'write', 2, { node: 'c1' });
    recorder.complete(again, 'fail', null, 'refused');
    // fail is definite: the process lives on.
    expect(recorder.processOf('c1')).toBe(2);
    expect(() => recorder.invoke(0, 'write', 3)).toThrow(/process 0 is retired/);
    expect(recorder.finish().history.map((o) => o.process)).toEqual([0, 0, 2, 2]);
  });

  it('refuses a second op on a busy process and a completion of an op that is not outstanding', () => {
    const { recorder } = recorderAt(['c1']);
    const h = recorder.invoke(0, 'read', null, { node: 'c1' });
    expect(() => recorder.invoke(0, 'read', null, { node: 'c1' })).toThrow(/still outstanding/);
    recorder.complete(h, 'ok', null);
    expect(() => recorder.complete(h, 'ok', null)).toThrow(RecorderError);
  });

  it('refuses an op that names a node other than the process belongs to', () => {
    const { recorder } = recorderAt(['c1', 'c2']);
    expect(() => recorder.invoke(0, 'read', null, { node: 'c2' })).toThrow(/node c2 runs as process 1/);
  });

  it('puts nemesis operations on process "nemesis"', () => {
    const { recorder, clock } = recorderAt();
    clock.t = 5;
    recorder.nemesisOp('partition', ['n1'], 'info');
    recorder.nemesisOp('partition', { healed: true });
    expect(recorder.finish().history).toEqual([
      { index: 0, process: 'nemesis', type: 'info', f: 'partition', value: ['n1'], time: 5 },
      { index: 1, process: 'nemesis', type: 'info', f: 'partition', value: { healed: true }, time: 5 },
    ]);
  });

  it('ends the run by completing outstanding ops info at the end time, in invoke order', () => {
    const { recorder, clock } = recorderAt(['c1', 'c2']);
    clock.t = 10;
    recorder.invoke(1, 'acquire', null, { node: 'c2', key: 'L' });
    recorder.invoke(0, 'read', null, { node: 'c1', key: 'k' });
    const { history, endAt } = recorder.finish(99);
    expect(endAt).toBe(99);
    expect(history.slice(2)).toEqual([
      { index: 2, process: 1, type: 'info', f: 'acquire', value: null, time: 99, node: 'c2', key: 'L', error: 'run-end' },
      { index: 3, process: 0, type: 'info', f: 'read', value: null, time: 99, node: 'c1', key: 'k', error: 'run-end' },
    ]);
    expect(() => recorder.invoke(2, 'read', null)).toThrow(/finished/);
  });
});

describe('beliefs, grants and the resource log', () => {
  it('dates a belief end back to the deadline a paused client reports, but never before its start', () => {
    const { recorder, clock } = recorderAt(['c1']);
    clock.t = 100;
    recorder.beliefStart('c1', 'L', 3, 'exclusive');
    recorder.beliefStart('c1', 'M', 4, 'exclusive');
    clock.t = 900;
    recorder.beliefEnd('c1', 'L', 3, 'deadline', 500);
    recorder.beliefEnd('c1', 'M', 4, 'deadline', 5000);
    const { beliefs } = recorder.finish(1000);
    expect(beliefs!.map((b) => [b.lock, b.end])).toEqual([
      ['L', 400],
      ['M', 100],
    ]);
  });

  it('records a belief from its start to its end, and leaves one still held at the end open', () => {
    const { recorder, clock } = recorderAt(['c1', 'c2']);
    clock.t = 10;
    recorder.beliefStart('c1', 'L', 3, 'exclusive', 4);
    clock.t = 20;
    recorder.beliefStart('c2', 'L', 4, 'exclusive');
    clock.t = 30;
    expect(recorder.beliefEnd('c1', 'L', 3, 'released')).toBe(true);
    expect(recorder.beliefEnd('c1', 'L', 3, 'released')).toBe(false);
    const { beliefs } = recorder.finish(50);
    expect(beliefs).toEqual([
      { client: 'c1', lock: 'L', token: 3, mode: 'exclusive', start: 10, end: 30, endReason: 'released', op: 4 },
      { client: 'c2', lock: 'L', token: 4, mode: 'exclusive', start: 20, end: null, endReason: 'run-end' },
    ]);
  });

  it('a repeated start of an open belief keeps the first start', () => {
    const { recorder, clock } = recorderAt();
    recorder.beliefStart('c1', 'L', 3, 'shared');
    clock.t = 5;
    expect(recorder.beliefStart('c1', 'L', 3, 'shared')).toBe(false);
    expect(recorder.finish().beliefs).toMatchObject([{ start: 0 }]);
  });

  it('ends every belief of a crashed client', () => {
    const { recorder, clock } = recorderAt();
    recorder.beliefStart('c1', 'A', 1, 'exclusive');
    recorder.beliefStart('c1', 'B', 2, 'shared');
    recorder.beliefStart('c2', 'A', 9, 'exclusive');
    clock.t = 7;
    expect(recorder.endBeliefsOf('c1', 'crashed')).toBe(2);
    const { beliefs } = recorder.finish(10);
    expect(beliefs!.map((b) => [b.client, b.end, b.endReason])).toEqual([
      ['c1', 7, 'crashed'],
      ['c1', 7, 'crashed'],
      ['c2', null, 'run-end'],
    ]);
  });

  it('records grants with their server-side end, and resource writes with their time', () => {
    const { recorder, clock } = recorderAt();
    clock.t = 3;
    recorder.grant({ lock: 'L', owner: 's1', client: 'c1', token: 8, mode: 'exclusive' });
    recorder.resourceWrite({ lock: 'L', client: 'c1', token: 8, accepted: true, key: 'counter', value: 1 });
    clock.t = 9;
    expect(recorder.grantEnd('L', 's1', 8, 'expired')).toBe(true);
    recorder.resourceWrite({ lock: 'L', client: 'c1', token: 8, accepted: false, reason: 'stale-token', time: 8 });
    const record = recorder.finish(10);
    expect(record.grants).toEqual([{ lock: 'L', owner: 's1', client: 'c1', token: 8, mode: 'exclusive', at: 3, serverEnd: 9, endReason: 'expired' }]);
    expect(record.resourceLog!.map((w) => [w.time, w.accepted])).toEqual([
      [3, true],
      [8, false],
    ]);
  });

  it('tells "nothing happened" from "not measured"', () => {
    const measured = recorderAt([], ['beliefs', 'resourceLog']).recorder.finish(1);
    expect(measured.beliefs).toEqual([]);
    expect(measured.resourceLog).toEqual([]);
    expect(measured.grants).toBeUndefined();
    const unmeasured = recorderAt().recorder.finish(1);
    expect(unmeasured.beliefs).toBeUndefined();
  });

  it('records the heal time and faults', () => {
    const { recorder, clock } = recorderAt();
    clock.t = 40;
    recorder.markHeal();
    recorder.addFault({ fault: 'pause', targets: ['c1'], start: 10, end: 20 });
    const record = recorder.finish(50);
    expect(record.healAt).toBe(40);
    expect(record.faults).toHaveLength(1);
  });
});
