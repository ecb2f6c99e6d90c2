import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../sim/time.js';
import { parseSchedule, scheduleToJson, ScheduleError, validateSchedule, type Schedule } from './schedule.js';
import type { Topology } from './selectors.js';

const TOPOLOGY: Topology = { servers: ['n1', 'n2', 'n3'], clients: ['c1'], resource: 'store' };

/** The message a schedule text is refused with. */
function refusal(text: string, topology?: Topology): string {
  try {
    parseSchedule(text, 'sched.json', topology);
  } catch (err) {
    expect(err).toBeInstanceOf(ScheduleError);
    expect((err as Error).name).toBe('ScheduleError');
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('the schedule was accepted');
}

const EVERY_KIND: Schedule = {
  description: 'one of each',
  healAt: 20 * SEC,
  faults: [
    { at: 0, fault: 'partition-halves' },
    { at: 1, fault: 'partition-random-halves', targets: ['all'], duration: 5 },
    { at: 2, fault: 'isolate', targets: ['n1'], params: { from: ['servers'] } },
    { at: 3, fault: 'isolate-leader', duration: 7 * SEC },
    { at: 4, fault: 'bridge', params: { shuffle: true } },
    { at: 5, fault: 'majorities-ring' },
    { at: 6, fault: 'one-way', params: { from: ['n1'], to: ['random-minority'] } },
    { at: 7, fault: 'client-to-leader' },
    { at: 8, fault: 'grudge', params: { pairs: [['n1', 'n2']] } },
    { at: 9, fault: 'delay', targets: ['leader'], params: { minNs: 5 * MS, meanNs: 20 * MS, tailProbability: 0.1, tailNs: SEC } },
    { at: 10, fault: 'loss', targets: ['random-server'], params: { p: 0.5 } },
    { at: 11, fault: 'duplicate', targets: ['c1'], params: { p: 1 } },
    { at: 12, fault: 'reorder', targets: ['store'], params: { p: 0 } },
    { at: 13, fault: 'clog', params: { from: ['clients'], to: ['leader'], extraNs: SEC } },
    { at: 14, fault: 'swizzle-clog', params: { from: ['servers'], to: ['servers'], gapNs: MS } },
    { at: 15, fault: 'pause', targets: ['resource'], duration: SEC },
    { at: 16, fault: 'crash', targets: ['random-majority'], params: { mode: 'torn' } },
    { at: 17, fault: 'clock-offset', targets: ['n2'], params: { offsetNs: -3 * SEC } },
    { at: 18, fault: 'clock-drift', targets: ['n3'], params: { ppm: -200_000, clock: 'wall' } },
    { at: 19, fault: 'clock-jump', targets: ['n1'], params: { deltaNs: 30 * SEC } },
    { at: 20, fault: 'clock-strobe', targets: ['n1'], duration: SEC, params: { deltaNs: 200 * MS, periodNs: 10 * MS } },
    { at: 21, fault: 'membership', targets: ['n3'], params: { action: 'remove' } },
  ],
};

describe('schedule files', () => {
  it('a schedule with every fault kind round-trips through its JSON text', () => {
    const text = scheduleToJson(EVERY_KIND);
    expect(parseSchedule(text, 'every.json', { ...TOPOLOGY, canAddVoter: true, canRemoveVoter: true })).toEqual(EVERY_KIND);
    // One fault per line: line 5 of the text is the first fault.
    expect(text.split('\n')[4]).toBe('    {"at":0,"fault":"partition-halves"},');
  });

  it('a bare list of faults is a schedule without heal time', () => {
    expect(parseSchedule('[{"at": 5, "fault": "pause", "targets": ["n1"]}]', 'bare.json')).toEqual({
      faults: [{ at: 5, fault: 'pause', targets: ['n1'] }],
    });
  });

  it('a misspelt fault kind is refused naming the file, the line and the field', () => {
    const text = ['{', '  "faults": [', '    {"at": 0, "fault": "pause", "targets": ["n1"]},', '    {"at": 1, "fault": "crash", "targets": ["n1"], "params": {"mode": "clean"}},', '    {"at": 2, "fault": "partiton"}', '  ]', '}'].join('\n');
    expect(refusal(text)).toBe('sched.json line 5: faults[2].fault: unknown fault kind "partiton"');
  });

  it('bad JSON is refused with the line of the syntax error', () => {
    expect(refusal('{\n  "faults": [\n    {"at": 0, "fault": "pause",}\n  ]\n}')).toBe("sched.json line 3: not valid JSON: trailing comma before '}'");
    expect(refusal('{\n  "faults": [\n\n    {"at": 0 "fault": "pause"}\n  ]\n}')).toMatch(/^sched\.json line 4: not valid JSON: expected ',' or '}'/);
    expect(refusal('{"faults": [\n')).toMatch(/^sched\.json line 2: not valid JSON: expected a value, found end of file/);
  });

  it('negative, fractional and non-numeric times are refused', () => {
    expect(refusal('[\n{"at": -5, "fault": "pause", "targets": ["n1"]}\n]')).toBe('sched.json line 2: [0].at: at must not be negative, got -5');
    expect(refusal('{"faults": [\n{"at": 0, "fault": "pause", "targets": ["n1"],\n "duration": "1s"}]}')).toBe(
      'sched.json line 3: faults[0].duration: duration must be a number of nanoseconds, got "1s"',
    );
    expect(refusal('{"faults": [{"at": 1.5, "fault": "pause", "targets": ["n1"]}]}')).toMatch(/faults\[0\]\.at: at must be a whole number/);
    expect(refusal('{"healAt": 10, "faults": [{"at": 10, "fault": "pause", "targets": ["n1"]}]}')).toMatch(/faults\[0\]\.at: 10 is not before healAt \(10\)/);
  });

  it('probabilities outside [0, 1] are refused', () => {
    const text = '{"faults": [\n  {"at": 0, "fault": "loss", "targets": ["n1"],\n   "params": {"p": 1.5}}\n]}';
    expect(refusal(text)).toBe('sched.json line 3: faults[0].params.p: must be a probability in [0, 1], got 1.5');
  });

  it('unknown targets are refused against the node list, with the nodes and selectors named', () => {
    const message = refusal('{"faults": [\n{"at": 0, "fault": "pause", "targets": ["n1", "n9"]}]}', TOPOLOGY);
    expect(message).toMatch(/^sched\.json line 2: faults\[0\]\.targets\[1\]: unknown target "n9" \(nodes: n1, n2, n3, c1, store; selectors: servers, /);
    expect(refusal('[{"at": 0, "fault": "pause", "targets": ["resource"]}]', { servers: ['n1'], clients: [] })).toMatch(
      /targets\[0\]: selector "resource" names no node/,
    );
  });

  it('missing parameters are refused naming what the fault needs', () => {
    expect(refusal('{"faults": [\n  {"at": 0, "fault": "crash", "targets": ["n1"]}\n]}')).toBe(
      'sched.json line 2: faults[0].params: missing: crash needs params.mode (how the crash treats the disk)',
    );
    expect(refusal('{"faults": [\n  {"at": 0, "fault": "delay", "targets": ["n1"],\n   "params": {"minNs": 5}}\n]}')).toBe(
      'sched.json line 3: faults[0].params.meanNs: missing: delay needs meanNs, the mean latency (min plus an exponential part)',
    );
    expect(refusal('[{"at": 0, "fault": "pause"}]')).toMatch(/\[0\]: missing "targets": pause needs the nodes it acts on/);
  });

  it('wrong shapes are refused: unknown fields and parameters, targets where none are taken, bad choices', () => {
    expect(refusal('[{"at": 0, "fault": "pause", "targets": ["n1"], "durration": 5}]')).toMatch(/\[0\]\.durration: unknown field/);
    expect(refusal('[{"at": 0, "fault": "loss", "targets": ["n1"], "params": {"p": 0.1, "q": 1}}]')).toMatch(/\[0\]\.params\.q: unknown parameter of loss \(it takes p\)/);
    expect(refusal('[{"at": 0, "fault": "one-way", "targets": ["n1"], "params": {"from": ["n1"], "to": ["n2"]}}]')).toMatch(
      /\[0\]\.targets: one-way takes no targets: name the cut in params\.from and params\.to/,
    );
    expect(refusal('[{"at": 0, "fault": "crash", "targets": ["n1"], "params": {"mode": "melt"}}]')).toMatch(
      /params\.mode: must be one of clean \| lose-unsynced \| torn \| wipe, got "melt"/,
    );
    expect(refusal('[{"at": 0, "fault": "delay", "targets": ["n1"], "params": {"minNs": 9, "meanNs": 5}}]')).toMatch(/params\.meanNs: must be at least minNs \(9\), got 5/);
    expect(refusal('[{"at": 0, "fault": "grudge", "params": {"pairs": [["n1", "leader"]]}}]')).toMatch(/pairs\[0\]\[1\]: a pair names node ids, not selectors/);
    expect(refusal('{"faults": [], "heal": 5}')).toMatch(/^sched\.json line 1: heal: unknown field/);
  });

  it('membership faults are refused when the scenario gives no membership callbacks', () => {
    const text = '[\n  {"at": 0, "fault": "membership", "targets": ["n3"], "params": {"action": "add"}}\n]';
    expect(refusal(text, TOPOLOGY)).toBe("sched.json line 2: [0].fault: membership (add) needs the scenario's addVoter callback, and this scenario provides none");
    const reversed = '[{"at": 0, "fault": "membership", "targets": ["n3"], "duration": 5, "params": {"action": "remove"}}]';
    expect(refusal(reversed, { ...TOPOLOGY, canRemoveVoter: true })).toMatch(/membership \(remove\) with a duration is reversed through the scenario's addVoter callback/);
    expect(parseSchedule(text, 'ok.json', { ...TOPOLOGY, canAddVoter: true }).faults).toHaveLength(1);
  });

  it('data that did not come from a file is checked the same way, without lines', () => {
    expect(() => validateSchedule({ faults: [{ at: 0, fault: 'loss', targets: ['n1'], params: { p: -1 } }] })).toThrow(
      'schedule: faults[0].params.p: must be a probability in [0, 1], got -1',
    );
  });
});
