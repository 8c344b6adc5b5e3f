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
    setupFiles: ['tests/support/test-secret.ts', 'tests/support/server-event-conformance.ts'],
  },
});
