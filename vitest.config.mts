import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      'server-only': fileURLToPath(new URL('./test/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'components/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    // No log lines from passing tests: a test that reads the log captures it (test/capture-log.ts);
    // LOG_LEVEL=debug npx vitest run … shows them all.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // PGlite boots a WASM PostgreSQL per file: two workers match this machine's two cores.
    maxWorkers: 2,
  },
});
