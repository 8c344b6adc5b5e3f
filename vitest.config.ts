import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{core,main,server,renderer,electron,scripts}/**/*.test.{ts,tsx}',
      'tests/integration/**/*.test.ts',
      'tests/bench/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at a time even on two cores: most integration files wait on sockets, child processes and
    // timers, so the second worker about halves the step (CI: 2 cores). Files share nothing mutable: each
    // has its own databases (PostgreSQL names are random), temp folders, ports and Redis channels
    // (tests/support/test-secret.ts sets REDIS_KEY per worker).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['tests/support/test-secret.ts', 'tests/support/server-event-conformance.ts'],
  },
});
