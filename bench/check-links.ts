/**
 * `node dist/bench/check-links.js <sweep-or-merge folder>...`: every link of a sweep's index.html
 * and every run folder its summary.json names must resolve to a real file inside the folder, so
 * that the folder can be uploaded or moved as it is (what `merge` promises for its copies).
 * Prints one line per folder and each broken link; exits 1 when any link is broken.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

export interface LinkCheck {
  links: number;
  broken: string[];
}

/** The relative links (href and src) of a page; absolute URLs and fragments are not files. */
export function relativeLinks(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)]
    .map((m) => (m[1] ?? '').replace(/&amp;/g, '&').split('#')[0] ?? '')
    .filter((l) => l !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(l) && !l.startsWith('/'));
}

export function checkSweepFolder(dir: string): LinkCheck {
  const root = resolve(dir);
  const targets = relativeLinks(readFileSync(join(root, 'index.html'), 'utf8'));
  const summary = JSON.parse(readFileSync(join(root, 'summary.json'), 'utf8')) as { results: { report?: string }[] };
  for (const line of summary.results) if (line.report) targets.push(line.report);
  const broken = targets.filter((t) => {
    const file = resolve(root, decodeURI(t));
    return !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile();
  });
  return { links: targets.length, broken: [...new Set(broken)] };
}

if (process.argv[1]?.endsWith('check-links.js')) {
  let bad = false;
  for (const dir of process.argv.slice(2)) {
    const c = checkSweepFolder(dir);
    process.stdout.write(`${dir}: ${c.links} links (index.html and summary.json), ${c.broken.length} broken\n`);
    for (const b of c.broken) process.stdout.write(`  broken: ${b}\n`);
    bad ||= c.broken.length > 0;
  }
  process.exit(bad ? 1 : 0);
}
