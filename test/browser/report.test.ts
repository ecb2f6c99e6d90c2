/**
 * Opens rendered reports in headless Chromium: the timeline draws, the violation is visible and
 * reachable, a 10,000-operation report stays fast, hostile strings stay inert, nothing touches the
 * network. Screenshots go to test-artifacts/ (gitignored) for a person to look at.
 *
 * Skipped, with a message, only when /usr/bin/chromium is absent and CI is not set; in CI it runs
 * (and fails loudly if the browser is missing).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRunReport, renderSweepReport } from '../../reports/index.js';
import type { TimelineData } from '../../reports/run/timeline-data.js';
import { makeLinFixture } from '../../reports/testing/lin-fixture.js';
import { makeRunFixture } from '../../reports/testing/run-fixture.js';
import { makeSweepFixture } from '../../reports/testing/sweep-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');
const skip = !existsSync(CHROMIUM) && !process.env['CI'];
if (skip) {
  console.warn(
    `test/browser/report.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium). Set CI=1 to make its absence a failure.`,
  );
}

/** What a page did that a self-contained, script-safe report must never do. */
interface PageTrouble {
  errors: string[];
  requests: string[];
  dialogs: string[];
}

describe.skipIf(skip)('reports in a real browser', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'lockstep-report-'));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string): Promise<{ page: Page; trouble: PageTrouble; loadMs: number }> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const trouble: PageTrouble = { errors: [], requests: [], dialogs: [] };
    page.on('pageerror', (e) => trouble.errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') trouble.errors.push(m.text());
    });
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(file).href) trouble.requests.push(r.url());
    });
    page.on('dialog', (d) => {
      trouble.dialogs.push(d.message());
      void d.dismiss();
    });
    const started = performance.now();
    await page.goto(pathToFileURL(file).href);
    if (html.includes('id="timeline"')) await page.waitForSelector('#timeline[data-ready="1"]', { timeout: 10_000 });
    return { page, trouble, loadMs: performance.now() - started };
  }

  async function view(page: Page): Promise<{ start: number; end: number; sampled: boolean }> {
    const t = page.locator('#timeline');
    return {
      start: Number(await t.getAttribute('data-view-start')),
      end: Number(await t.getAttribute('data-view-end')),
      sampled: (await t.getAttribute('data-sampled')) === '1',
    };
  }

  /** Waits for smooth scrolling to stop, so boxes measured next are where the mouse will land. */
  async function settle(page: Page): Promise<void> {
    let last = -1;
    for (let i = 0; i < 40; i++) {
      const y = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
      if (y === last) return;
      last = y;
      await page.waitForTimeout(50);
    }
  }

  function timelineData(html: string): TimelineData {
    const m = html.match(/<script type="application\/json" id="timeline-data">([\s\S]*?)<\/script>/);
    return JSON.parse((m as RegExpMatchArray)[1] as string) as TimelineData;
  }

  it('shows the verdict, the timeline and the violation of a caught run', async () => {
    const input = makeRunFixture({ ops: 3000, seed: 7 });
    const { page, trouble } = await open('report.html', renderRunReport(input));

    await expect(page.locator('h1#verdict').textContent()).resolves.toBe(
      'UNSAFE: two clients believed they held /ls/lock1 at the same time',
    );
    await expect(page.locator('code.repro-command').isVisible()).resolves.toBe(true);
    const canvas = await page.locator('#timeline canvas').boundingBox();
    expect(canvas?.width).toBeGreaterThan(600);
    expect(canvas?.height).toBeGreaterThan(300);
    const explanation = input.result.violations[0]?.explanation as string;
    await expect(page.getByText(explanation).first().isVisible()).resolves.toBe(true);
    const card = await page.locator('[data-violation="1"]').boundingBox();
    expect(card?.height).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'report.png') });

    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await page.close();
  });

  it('zooms to a violation when it is clicked, and explains what is under the mouse', async () => {
    const input = makeRunFixture({ ops: 3000, seed: 7 });
    const html = renderRunReport(input);
    const data = timelineData(html);
    const { page, trouble } = await open('report-violation.html', html);
    const whole = await view(page);

    await page.locator('.what-happened button').click();
    await settle(page);
    const v = data.violations[0] as TimelineData['violations'][number];
    const zoomed = await view(page);
    expect(zoomed.end - zoomed.start).toBeLessThan((whole.end - whole.start) / 20);
    expect(zoomed.start).toBeLessThanOrEqual(v.start);
    expect(zoomed.end).toBeGreaterThanOrEqual(v.end);
    await expect(page.locator('#timeline').getAttribute('data-selected')).resolves.toBe('1');

    // Hover over the newer holder's belief, inside the overlap.
    const rival = data.beliefs[v.beliefs.find((b) => data.beliefs[b]?.[3] !== 'c3') as number] as TimelineData['beliefs'][number];
    const spot = await page.evaluate(
      ([lane, t]) => {
        const api = (globalThis as unknown as { lockstepTimeline: { laneBox(i: number): { y: number; h: number }; xOf(t: number): number } })
          .lockstepTimeline;
        const box = api.laneBox(lane);
        return { x: api.xOf(t), y: box.y + box.h / 2 };
      },
      [rival[0], (v.start + v.end) / 2] as const,
    );
    const canvas = (await page.locator('#timeline canvas').boundingBox()) as { x: number; y: number };
    await page.mouse.move(canvas.x + spot.x, canvas.y + spot.y);
    const tip = page.locator('#tl-tip');
    await expect(tip.isVisible()).resolves.toBe(true);
    await expect(tip.textContent()).resolves.toContain(`${rival[3]} believed it held the lock`);
    await expect(tip.textContent()).resolves.toContain(`token${rival[4]}`);
    await page.locator('#timeline-section').screenshot({ path: join(ARTIFACTS, 'report-violation.png') });

    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await page.close();
  });

  it('zooms into a range dragged across the timeline, and back out to the whole run', async () => {
    const { page, trouble } = await open('report-drag.html', renderRunReport(makeRunFixture({ ops: 1000, seed: 5 })));
    const whole = await view(page);
    await page.locator('#timeline canvas').scrollIntoViewIfNeeded();
    const canvas = (await page.locator('#timeline canvas').boundingBox()) as { x: number; y: number; width: number };
    const y = canvas.y + 120;
    await page.mouse.move(canvas.x + 300, y);
    await page.mouse.down();
    await page.mouse.move(canvas.x + 450, y, { steps: 5 });
    await page.mouse.up();
    const dragged = await view(page);
    expect(dragged.end - dragged.start).toBeLessThan((whole.end - whole.start) / 4);
    expect(dragged.start).toBeGreaterThan(whole.start);

    await page.getByRole('button', { name: 'Whole run' }).click();
    expect(await view(page)).toEqual(whole);
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await page.close();
  });

  it('renders a 10,000-operation report within a few seconds, says it is sampling, and zooms to single operations', async () => {
    const input = makeRunFixture({ ops: 10_000, seed: 11 });
    const html = renderRunReport(input);
    const operations = timelineData(html).ops.length;
    expect(operations).toBeGreaterThanOrEqual(10_000);
    const { page, trouble, loadMs } = await open('report-10k.html', html);
    expect(loadMs).toBeLessThan(5000);

    expect((await view(page)).sampled).toBe(true);
    const status = page.locator('.tl-status');
    await expect(status.textContent()).resolves.toContain(`Sampled: ${operations.toLocaleString('en-US')} operations are in view`);
    await expect(status.isVisible()).resolves.toBe(true);
    await page.locator('#timeline-section').screenshot({ path: join(ARTIFACTS, 'report-10k.png') });

    const redraw = await page.evaluate(() => {
      const api = (globalThis as unknown as { lockstepTimeline: { zoomTo(a: number, b: number): void } }).lockstepTimeline;
      const started = performance.now();
      for (let i = 0; i < 20; i++) api.zoomTo(i * 1e8, i * 1e8 + 5e9);
      api.zoomTo(2e9, 2.5e9);
      return (performance.now() - started) / 21;
    });
    expect(redraw).toBeLessThan(250);
    expect((await view(page)).sampled).toBe(false);
    await expect(status.textContent()).resolves.toMatch(/operations in view, each drawn on its own/);

    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await page.close();
  });

  it('draws a non-linearizable Jepsen history with its longest linearizable prefix', async () => {
    const input = makeLinFixture(80, 1);
    const { page, trouble } = await open('report-lin.html', renderRunReport(input));
    await expect(page.locator('h1#verdict').textContent()).resolves.toBe(
      'UNSAFE: the operations on k1 cannot be placed in any order that respects real time',
    );
    await expect(page.getByText(input.result.violations[0]?.explanation as string).first().isVisible()).resolves.toBe(true);
    await page.locator('[data-violation="1"] button').click();
    await settle(page);
    const zoomed = await view(page);
    expect(zoomed.end).toBeGreaterThanOrEqual(input.result.violations[0]?.at as number);
    await expect(page.getByText('the longest linearizable prefix has').isVisible()).resolves.toBe(true);
    await page.locator('#timeline-section').screenshot({ path: join(ARTIFACTS, 'report-lin.png') });
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await page.close();
  });

  it('keeps a hostile history inert', async () => {
    const input = makeRunFixture({ ops: 1500, seed: 7, hostile: true });
    input.result.scenario = '<script>window.__pwned=5</script>';
    const { page, trouble } = await open('report-hostile.html', renderRunReport(input));
    await expect(page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await expect(page.locator('img, iframe').count()).resolves.toBe(0);
    await expect(page.getByText('window.__pwned=1').first().isVisible()).resolves.toBe(true);
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await page.close();
  });

  it('shows the sweep index with its unmet rows and links to the failing runs', async () => {
    const summary = makeSweepFixture({ seeds: 100 });
    const { page, trouble } = await open('sweep.html', renderSweepReport(summary));
    await expect(page.locator('h1#verdict').textContent()).resolves.toContain('NOT MET: 2 of 24');
    await expect(page.locator('tr.unmet').count()).resolves.toBe(2);
    const link = page.locator('tr.unmet a').first();
    await expect(link.getAttribute('href')).resolves.toMatch(/^runs\/lease-skew\/safe\/seed-\d+\/report\.html$/);
    await page.screenshot({ path: join(ARTIFACTS, 'sweep.png') });
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await page.close();
  });
});
