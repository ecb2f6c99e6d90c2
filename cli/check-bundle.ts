/**
 * `npm run build` ends here: bundles the light `check` entry (dist/cli/check-entry.js) with
 * everything it loads into dist/check.mjs, which bin/lockstep.js runs for `lockstep check`.
 * esbuild is already a dependency (users' systems are bundled with it too).
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';

const dist = join(import.meta.dirname, '..');
buildSync({
  entryPoints: [join(dist, 'cli', 'check-entry.js')],
  outfile: join(dist, 'check.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
  // commander and others are CommonJS and require Node's built-ins: give the bundle a require.
  banner: { js: "import { createRequire as lockstepCreateRequire } from 'node:module'; const require = lockstepCreateRequire(import.meta.url);" },
});
