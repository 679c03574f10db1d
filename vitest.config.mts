import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const INCLUDE = ['lib/**/*.test.ts', 'components/**/*.test.ts', 'components/**/*.test.tsx', 'scripts/**/*.test.ts', 'test/**/*.test.ts'];

/**
 * What makes a test file run on its own, in a process of its own (the "isolated" project): it
 * mocks modules, stubs the environment or globals, fakes the clock, touches globalThis, writes
 * process.env (reading it is fine), or loads the app's modules afresh (appAgainstSandbox). Every other file runs in
 * the "shared" project, where a worker runs file after file with one module graph and one pool of
 * PGlite instances (test/databases.ts): state such a file left behind would reach the next one.
 */
const NEEDS_ISOLATION = /\bvi\.(mock|doMock|unmock|stubEnv|stubGlobal|useFakeTimers|resetModules)\(|\bglobalThis\b|\bprocess\.env(\.\w+|\[[^\]]+\])?\s*(=(?!=)|\?\?=|\|\|=)|\bdelete\s+process\.env\b|\bObject\.assign\(\s*process\.env\b|\bappAgainstSandbox\(/;

const root = fileURLToPath(new URL('./', import.meta.url));
const testFiles = ['lib', 'components', 'scripts', 'test'].flatMap((folder) =>
  readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.test\.tsx?$/.test(file))
    .map((file) => path.posix.join(folder, file.split(path.sep).join('/'))),
);
const isolated = testFiles.filter((file) => NEEDS_ISOLATION.test(readFileSync(path.join(root, file), 'utf8')));

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      'server-only': fileURLToPath(new URL('./test/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    environment: 'node',
    // No log lines from passing tests: a test that reads the log captures it (test/capture-log.ts);
    // LOG_LEVEL=debug npx vitest run … shows them all.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two workers match this machine's two cores.
    maxWorkers: 2,
    // A newly initialised PGlite data folder that every test PGlite loads (test/databases.ts).
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'shared', include: INCLUDE, exclude: [...configDefaults.exclude, ...isolated], isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated, isolate: true } },
    ],
  },
});
