import { describe, expect, it } from 'vitest';
import { makeSweepFixture } from '../testing/sweep-fixture.js';
import type { SweepSummary } from '../types.js';
import { renderSweepReport } from './render.js';

const summary = makeSweepFixture({ seeds: 100 });
const html = renderSweepReport(summary);

function rowOf(page: string, scenario: string, design: string): string {
  const rows = page.split('<tr class=').slice(1);
  const row = rows.find((r) => r.includes(`<strong>${scenario}</strong>`) && r.includes(`<td>${design}</td>`));
  if (!row) throw new Error(`no row for ${scenario} ${design}`);
  return row;
}

describe('the sweep report', () => {
  it('has one row per scenario and design', () => {
    expect(html.split('<tr class=').length - 1).toBe(summary.rows.length);
  });

  it('says at the top which expectations were not met, in words', () => {
    expect(html).toContain('NOT MET: 2 of 24 scenario designs did not behave as expected');
    expect(html).toMatch(/<strong>fast-get-stale-read<\/strong> \(unsafe\): expected to be caught, but none of 100 seeds found a violation/);
    expect(html).toMatch(/<strong>lease-skew<\/strong> \(safe\): expected to be clean, but 3 of 100 seeds found violations \(ME-belief × \d+\)/);
  });

  it('shows seeds run, violations by kind, the slowest and worst seeds for each row', () => {
    const row = rowOf(html, 'gc-pause-zombie', 'unsafe');
    const r = summary.rows[0];
    expect(row).toContain('<span class="badge good">met</span>');
    expect(row).toContain(`ME-effect × ${r?.violationsByKind['ME-effect']}`);
    expect(row).toContain(`seed ${r?.slowest.seed}`);
    expect(row).toContain(`seed-${r?.worst.seed}/report.html`);
  });

  it('links the first catching seed of an unsafe design and every failing run', () => {
    const r = summary.rows.find((x) => x.scenario === 'lease-skew' && x.design === 'safe');
    const row = rowOf(html, 'lease-skew', 'safe');
    expect(row).toContain('<span class="badge bad">NOT met</span>');
    for (const f of r?.failing ?? []) expect(row).toContain(`<a href="${f.report}">seed ${f.seed}</a>`);
    const unsafe = rowOf(html, 'zk-session-jitter', 'unsafe');
    const first = summary.rows.find((x) => x.scenario === 'zk-session-jitter' && x.design === 'unsafe')?.firstCatch;
    expect(unsafe).toContain(`<td><a href="runs/zk-session-jitter/unsafe/seed-${first}/report.html">seed ${first}</a></td>`);
  });

  it('says all met when every row met its expectation', () => {
    const allMet: SweepSummary = { ...summary, rows: summary.rows.filter((r) => r.met) };
    expect(renderSweepReport(allMet)).toContain('ALL MET: every one of 22 scenario designs behaved as expected');
  });

  it('is self-contained', () => {
    expect(html).not.toMatch(/https?:\/\/|<link\b|@import|url\(|fetch\(/);
    expect(html).not.toMatch(/<script\b/);
  });

  it('never links outside the sweep or runs a hostile name', () => {
    const page = renderSweepReport(makeSweepFixture({ seeds: 20, hostile: true }));
    expect(page).not.toContain('<script>window.__pwned');
    expect(page).toContain('&lt;script&gt;window.__pwned=3&lt;/script&gt;');
    expect(page).not.toMatch(/href="(javascript|https?):/i);
    expect(page).not.toContain('example.com');
    // The refused links still name their seed, as plain text.
    expect(page).toContain('<li title="&lt;b&gt;ME&lt;/b&gt;">999</li>');
    expect(page).toContain('<li title="ME-belief">998</li>');
    expect(page).not.toContain('<b>ME</b>');
  });
});
