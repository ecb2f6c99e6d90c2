import { describe, expect, it } from 'vitest';
import { TIMELINE_SCRIPT } from './timeline-script.js';

describe('the timeline script', () => {
  it('is valid JavaScript', () => {
    expect(() => new Function(TIMELINE_SCRIPT)).not.toThrow();
  });

  it('never turns data into markup and never reaches the network', () => {
    expect(TIMELINE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(/);
    expect(TIMELINE_SCRIPT).not.toMatch(/fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|https?:/);
  });
});
