#!/usr/bin/env node
// The command runs the compiled code; `npm ci` builds it through `prepare`. `check` starts through
// its own bundle (dist/check.mjs), which loads only the checker; every other command through main.
const fallback = () => import('../dist/cli/main.js');
const start = process.argv[2] === 'check' ? import('../dist/check.mjs').catch((err) => (err && err.code === 'ERR_MODULE_NOT_FOUND' ? fallback() : Promise.reject(err))) : fallback();
start.catch((err) => {
  process.stderr.write(`lockstep: cannot start (${err && err.message ? err.message : err}); run "npm run build" first\n`);
  process.exit(255);
});
