import { describe, expect, it } from 'vitest';
import { makeRunFixture, HOSTILE } from '../testing/run-fixture.js';
import type { RunReportInput } from '../types.js';
import { renderRunReport } from './render.js';
import type { TimelineData } from './timeline-data.js';

function embeddedTimeline(html: string): TimelineData {
  const m = html.match(/<script type="application\/json" id="timeline-data">([\s\S]*?)<\/script>/);
  if (!m) throw new Error('no timeline data in the page');
  return JSON.parse(m[1] as string) as TimelineData;
}

/** Every tag that could load something, with the value of its src/href. */
function loadedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|action|poster|data)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1] as string);
}

const fixture = makeRunFixture({ ops: 3000, seed: 7 });
const html = renderRunReport(fixture);

describe('a run report of a gc-pause-zombie run that was caught', () => {
  it('says at the top, in plain words, what went wrong', () => {
    const top = html.slice(0, html.indexOf('<nav'));
    expect(top).toContain('UNSAFE: two clients believed they held /ls/lock1 at the same time');
    expect(top).toContain(fixture.result.violations[0]?.explanation.slice(0, 60));
  });

  it('gives the repro command and the seed', () => {
    expect(html).toContain('npx lockstep run gc-pause-zombie --design unsafe --seed 7');
    expect(html).toMatch(/seed <strong>7<\/strong>/);
  });

  it('lists the derived parameters in a collapsible block', () => {
    expect(html).toMatch(/<details class="params"><summary>Derived parameters \(11\)/);
    expect(html).toContain('resourceChecksTokens');
  });

  it('explains every violation inside the story it follows from, and offers to show the story on the timeline', () => {
    const t = embeddedTimeline(html);
    for (const [i, v] of fixture.result.violations.entries()) {
      expect(html).toContain(v.explanation.replace(/'/g, '&#39;'));
      expect(html).toContain(`data-violation="${i + 1}"`);
    }
    // The paused holder's overlap and its late write are one story: one root, one follower.
    expect(t.stories.map((s) => s.violations)).toEqual([[1, 2]]);
    expect(html).toContain('data-show-story="1"');
    expect(html).toContain('What went wrong: 2 violations, from 1 root cause');
  });

  it('names the faults that overlap the story and the processes involved', () => {
    const t = embeddedTimeline(html);
    const story = t.stories[0];
    expect(story?.processes.slice(0, 2)).toEqual(['c3', 'c5']);
    // The pause of c3 (the stale holder) is the first candidate, on a process involved.
    const first = t.faults[story?.faults[0] as number];
    expect([first?.[10], first?.[6]]).toEqual(['pause', 'c3']);
    expect(story?.strong).toContain(story?.faults[0]);
    expect(html).toContain(`data-fault="${story?.faults[0]}"`);
  });

  it('has the sections a reader looks for', () => {
    for (const id of ['violations', 'timeline-section', 'lease-audit', 'elections', 'clocks', 'messages', 'run-details']) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toMatch(/Worst gap: <strong>c3<\/strong>/);
    expect(html).toContain('No term had two leaders.');
  });

  it('embeds the timeline data the page script draws, with the violation resolved to items', () => {
    const t = embeddedTimeline(html);
    expect(t.ops).toHaveLength(3000);
    expect(t.lanes.filter((l) => l.kind === 'server').map((l) => l.label)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(t.lanes.filter((l) => l.kind === 'client')).toHaveLength(10);
    const [overlap, stale] = t.violations;
    expect(overlap?.kind).toBe('ME-belief');
    expect(overlap?.beliefs.map((b) => t.beliefs[b]?.[3]).sort()).toEqual(['c3', expect.stringMatching(/^c\d+$/)]);
    expect(stale?.kind).toBe('ME-effect');
    expect(stale?.ops).toHaveLength(1);
    expect(t.ops[stale?.ops[0] as number]?.[6]).toBe('write');
  });
});

describe('self-containment', () => {
  it('loads nothing from anywhere: no external src or href, no fetches', () => {
    for (const url of loadedUrls(html)) {
      expect(url, url).not.toMatch(/^(https?:)?\/\//i);
      expect(url, url).toMatch(/^#|^$/);
    }
    expect(html).not.toMatch(/<link\b|@import|url\(|\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|\bimport\(/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('forbids network access through its content security policy', () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });
});

describe('hostile histories', () => {
  const hostile = makeRunFixture({ ops: 1500, seed: 7, hostile: true });
  hostile.result.scenario = 'x<script>window.__pwned=5</script>';
  hostile.result.repro = 'npx lockstep run "<b>" --seed 7';
  hostile.result.params['<img src=y onerror=alert(1)>'] = '</details><script>alert(2)</script>';
  hostile.result.stats['note'] = '<iframe src="https://evil.example">';
  const page = renderRunReport(hostile);

  it('never lets a key, value, lock name or explanation become markup', () => {
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain('<script>window.__pwned');
    expect(page).not.toMatch(/<img\b/i);
    expect(page).not.toMatch(/<iframe\b/i);
    expect(page).not.toContain('<b>');
    expect(page.match(/<script\b/g)).toHaveLength(2);
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  });

  it('keeps hostile strings intact as data for the timeline', () => {
    const t = embeddedTimeline(page);
    expect(t.lanes.some((l) => l.group === `Lock ${HOSTILE}`)).toBe(true);
  });
});

describe('other verdicts', () => {
  function variant(edit: (input: RunReportInput) => void): string {
    const input = makeRunFixture({ ops: 600, seed: 3 });
    edit(input);
    return renderRunReport(input);
  }

  it('says SAFE on this seed, without claiming a proof', () => {
    const page = variant((input) => {
      input.result.valid = true;
      input.result.violations = [];
      input.result.design = 'safe';
      input.result.expectation = 'clean';
    });
    expect(page).toContain('<h1 id="verdict">SAFE on this seed</h1>');
    expect(page).toContain('not a proof');
    expect(page).toContain('<span class="badge good">met</span>');
    expect(page).not.toContain('id="violations"');
  });

  it('says UNKNOWN when the checker ran out of time', () => {
    const page = variant((input) => {
      input.result.valid = 'unknown';
      input.result.violations = [];
    });
    expect(page).toContain('<h1 id="verdict">UNKNOWN: the checker ran out of time</h1>');
  });

  it('flags an expectation that was not met', () => {
    const page = variant((input) => {
      input.result.valid = true;
      input.result.violations = [];
    });
    expect(page).toContain('<span class="badge bad">not met</span>');
  });

  it('renders a bare Jepsen history with no beliefs, grants, faults or trace', () => {
    const page = renderRunReport({
      result: { ...makeRunFixture({ ops: 600 }).result, valid: true, violations: [], stats: {}, params: {} },
      record: {
        history: [
          { index: 0, process: 0, type: 'invoke', f: 'write', value: 3, time: 1000 },
          { index: 1, process: 0, type: 'ok', f: 'write', value: 3, time: 5000 },
        ],
      },
      trace: [],
    });
    expect(page).toContain('SAFE on this seed');
    expect(page).toContain('recorded no server-side grants');
    expect(page).toContain('no Raft role changes');
    expect(embeddedTimeline(page).ops).toHaveLength(1);
  });
});
