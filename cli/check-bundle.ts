/**
 * `npm run build` ends here: bundles the light `check` entry (dist/cli/check-entry.js) with
 * everything it loads into dist/check.mjs, which bin/lockstep.js runs for `lockstep check`.
 * esbuild is already a dependency (users' systems are bundled with it too).
 */
import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';

const dist = join(import.meta.dirname, '..');

/**
 * commander requires node:child_process when it loads (for subcommands that are programs of their
 * own, which `check` has none of); loading it pulls in net and dgram, a few milliseconds of every
 * start. In the bundle it is required on first use instead.
 */
const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (args.namespace === 'lazy' ? undefined : { path: 'child_process', namespace: 'lazy' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, name) => (real ??= require('node:child_process'))[name] });",
      loader: 'js',
    }));
  },
};
await build({
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
  plugins: [lazyChildProcess],
});
