import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSweepFolder, relativeLinks } from './check-links.js';

describe('the link check of a sweep folder', () => {
  it('finds the run folders index.html and summary.json name, and the ones missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-links-'));
    mkdirSync(join(dir, 'a', 'unsafe', '1'), { recursive: true });
    writeFileSync(join(dir, 'a', 'unsafe', '1', 'report.html'), '<html></html>');
    writeFileSync(join(dir, 'index.html'), '<a href="a/unsafe/1/report.html">1</a> <a href="a/unsafe/2/report.html">2</a> <a href="https://x.invalid/">x</a> <a href="#top">t</a>');
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ results: [{ report: 'a/unsafe/1/report.html' }, { report: '../outside/report.html' }, {}] }));
    expect(relativeLinks('<a href="x/y.html#v">')).toEqual(['x/y.html']);
    expect(checkSweepFolder(dir)).toEqual({ links: 4, broken: ['a/unsafe/2/report.html', '../outside/report.html'] });
  });
});
