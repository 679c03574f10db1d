import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const INCLUDE = ['lib/**/*.test.ts', 'components/**/*.test.ts', 'components/**/*.test.tsx', 'scripts/**/*.test.ts', 'test/**/*.test.ts'];

/**
 * What makes a test file run on its own, in a process of its own (the "isolated" project): it
 * mocks modules, stubs the environment or globals, fakes the clock, touches globalThis, or writes
 * process.env (reading it is fine). A file that tests the app's server actions against a sandbox
 * (appAgainstSandbox, test/app-against-sandbox.ts) runs in the "app" project: its workers run
 * such files one after the other on one app and one sandbox, made once per worker. Every other
 * file runs in the "shared" project, where a worker runs file after file with one module graph
 * and one pool of PGlite instances (test/databases.ts): state such a file left behind would
 * reach the next one.
 */
const MOCKS = /\bvi\.(mock|doMock|unmock|stubEnv|stubGlobal|useFakeTimers|resetModules)\(/;
const NEEDS_ISOLATION = new RegExp(
  [
    MOCKS.source,
    String.raw`\bglobalThis\b`,
    String.raw`\bprocess\.env(\.\w+|\[[^\]]+\])?\s*(=(?!=)|\?\?=|\|\|=)`,
    String.raw`\bdelete\s+process\.env\b`,
    String.raw`\bObject\.assign\(\s*process\.env\b`,
  ].join('|'),
);
const AGAINST_SANDBOX = /\bappAgainstSandbox\(/;

const root = fileURLToPath(new URL('./', import.meta.url));
const testFiles = ['lib', 'components', 'scripts', 'test'].flatMap((folder) =>
  readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.test\.tsx?$/.test(file))
    .map((file) => path.posix.join(folder, file.split(path.sep).join('/'))),
);
const sources = new Map(testFiles.map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
const againstSandbox = testFiles.filter((file) => AGAINST_SANDBOX.test(sources.get(file)!));
const isolated = testFiles.filter((file) => !againstSandbox.includes(file) && NEEDS_ISOLATION.test(sources.get(file)!));
// A file of the "app" project shares its worker's modules: a mock or a stub of its own would reach the next file.
for (const file of againstSandbox) {
  const mock = MOCKS.exec(sources.get(file)!);
  if (mock) throw new Error(`${file}: appAgainstSandbox files share one app per worker and may not call vi.${mock[1]}() (test/app-against-sandbox.ts sets what they share)`);
}

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
      { extends: true, test: { name: 'shared', include: INCLUDE, exclude: [...configDefaults.exclude, ...isolated, ...againstSandbox], isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated, isolate: true } },
      { extends: true, test: { name: 'app', include: againstSandbox, isolate: false } },
    ],
  },
});
