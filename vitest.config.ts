import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The CPU precision check once per suite (not once per test home): see the file.
    globalSetup: ['./src/testing/cpu-precision-global-setup.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
