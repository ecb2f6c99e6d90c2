#!/usr/bin/env node
// The command runs the compiled code; `npm ci` builds it through `prepare`.
import('../dist/cli/main.js').catch((err) => {
  process.stderr.write(`lockstep: cannot start (${err && err.message ? err.message : err}); run "npm run build" first\n`);
  process.exit(255);
});
