import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'out/**', '.stryker-tmp/**'],
    pool: 'forks',
    // Live stories wait on real servers most of the time: a third fork keeps both cores busy
    // while they wait.
    poolOptions: { forks: { maxForks: 3, minForks: 1 } },
    setupFiles: ['test/setup/fast-check-seed.ts', 'test/setup/temp-dirs.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
