/** Follower progress: probing, pipelining within the in-flight window, snapshots. */
import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

describe('Progress', () => {
  it('in probe, one append at a time until an answer', () => {
    const pr = new Progress(5, false, 4);
    expect(pr.isPaused()).toBe(false);
    pr.sentAppend(6);
    expect(pr.isPaused()).toBe(true);
    expect(pr.maybeUpdate(6)).toBe(true);
    expect(pr.isPaused()).toBe(false);
  });

  it('in replicate, pipelines up to the in-flight limit and frees the window as answers come', () => {
    const pr = new Progress(1, false, 2);
    pr.maybeUpdate(0);
    pr.becomeReplicate();
    pr.sentAppend(3);
    pr.sentAppend(5);
    expect([pr.next, pr.isPaused()]).toEqual([6, true]);
    pr.maybeUpdate(3);
    expect([pr.match, pr.isPaused()]).toEqual([3, false]);
  });

  it('ignores a rejection that an acknowledgement already superseded', () => {
    const pr = new Progress(1, false, 4);
    pr.becomeReplicate();
    pr.maybeUpdate(7);
    expect(pr.maybeDecrTo(6, 3)).toBe(false);
    expect(pr.maybeDecrTo(8, 3)).toBe(true);
    expect(pr.next).toBe(8);
  });

  it('in probe, backs off to where the logs may agree, never below match', () => {
    const pr = new Progress(10, false, 4);
    pr.maybeUpdate(2);
    pr.next = 10;
    expect(pr.maybeDecrTo(8, 5)).toBe(false);
    expect(pr.maybeDecrTo(9, 5)).toBe(true);
    expect(pr.next).toBe(6);
  });

  it('believes a follower that refuses the very probe at its match (its disk lost writes)', () => {
    const pr = new Progress(1, false, 4);
    pr.maybeUpdate(6);
    pr.becomeProbe();
    expect(pr.maybeDecrTo(6, 2)).toBe(true);
    expect([pr.match, pr.next]).toEqual([0, 3]);
  });

  it('sends nothing while a snapshot is on its way, then resumes after it', () => {
    const pr = new Progress(1, false, 4);
    pr.becomeSnapshot(20);
    expect(pr.isPaused()).toBe(true);
    pr.becomeProbe();
    expect([pr.next, pr.isPaused()]).toEqual([21, false]);
  });
});
