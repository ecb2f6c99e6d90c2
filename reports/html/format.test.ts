import { describe, expect, it } from 'vitest';
import { compareNatural, formatCount, formatDurationNs, formatInstantNs, formatWallMs } from './format.js';

describe('formats', () => {
  it('picks the unit a reader expects for a duration, in the checkers’ words', () => {
    expect(formatDurationNs(850)).toBe('850ns');
    expect(formatDurationNs(12_300)).toBe('12.3µs');
    expect(formatDurationNs(4_560_000)).toBe('4.56ms');
    expect(formatDurationNs(376_000_000)).toBe('376ms');
    expect(formatDurationNs(1_234_000_000)).toBe('1.234s');
    expect(formatDurationNs(-2_000_000)).toBe('-2ms');
  });
  it('writes instants as seconds since the run began, as the explanations do', () => {
    expect(formatInstantNs(2_619_938_123)).toBe('2.619938123s');
  });
  it('writes wall times and counts', () => {
    expect(formatWallMs(842)).toBe('842ms');
    expect(formatWallMs(12_400)).toBe('12.4s');
    expect(formatWallMs(185_000)).toBe('3m05s');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
  it('orders node names by their numbers', () => {
    expect(['c10', 'c2', 'n1', 'c1'].sort(compareNatural)).toEqual(['c1', 'c2', 'c10', 'n1']);
    expect(['/ls/lock10', '/ls/lock9'].sort(compareNatural)).toEqual(['/ls/lock9', '/ls/lock10']);
  });
});
