import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time: vitest's default is one fewer than the CPUs, which on the 2-core
    // CI machine ran every file alone while the other core idled (most files are one thread).
    maxWorkers: 2,
    globalSetup: ['test/global-tmp.ts'],
    reporters: ['default'],
  },
});
