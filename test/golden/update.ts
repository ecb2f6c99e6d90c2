/** Rewrites test/golden/hashes.json from the current code (`npm run golden:update`). */
import { writeFileSync } from 'node:fs';
import { GOLDEN_FILE, randomCases, runCase, scriptedCases } from './golden.js';

const entries = [...randomCases(), ...scriptedCases()].map(runCase);
writeFileSync(GOLDEN_FILE, `${JSON.stringify(entries, null, 1)}\n`);
process.stdout.write(`${entries.length} golden hashes written to ${GOLDEN_FILE}\n`);
