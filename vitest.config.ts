import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration suites each start their own simulators on port 0; two workers keep CI inside 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
