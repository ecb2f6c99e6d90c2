// StrykerJS over the unit tests of core/raft, core/lock and checker/lin (npm run mutation[:raft|:lock|:lin]).
// STRYKER_FOLDER limits both the mutated files and the test files to one folder: the score is then
// the strength of that folder's own unit tests, and the initial test run stays short.
const FOLDERS = ['core/raft', 'core/lock', 'checker/lin'];
const folder = process.env.STRYKER_FOLDER;
if (folder !== undefined && !FOLDERS.includes(folder)) throw new Error(`STRYKER_FOLDER must be one of ${FOLDERS.join(', ')}, got ${folder}`);
const folders = folder === undefined ? FOLDERS : [folder];
const name = folder === undefined ? 'all' : folder.replace('/', '-');

export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: true, ...(folder !== undefined ? { dir: folder } : {}) },
  coverageAnalysis: 'perTest',
  mutate: [...folders.map((f) => `${f}/**/*.ts`), '!**/*.test.ts', '!**/testing/**'],
  ignorePatterns: ['out', 'test-artifacts', '.stryker-tmp'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `out/stryker/${name}.html` },
  jsonReporter: { fileName: `out/stryker/${name}.json` },
  tempDirName: '.stryker-tmp',
  concurrency: 1,
  timeoutMS: 60_000,
  dryRunTimeoutMinutes: 60,
  ignoreStatic: true,
  disableTypeChecks: '{core,checker}/**/*.ts',
};
