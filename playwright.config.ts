import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/**
 * E2E tests run against a production build (`next build && next start`) on a free port,
 * with a throw-away data directory. The port and directory are chosen once, in the main
 * process, and inherited by the workers through the environment.
 */
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
}
// Made here only for the suite's own server (none with E2E_BASE_URL), and removed when this
// process ends: the workers load this file too, and inherit the directory with the variable.
if (!process.env.E2E_DATA_DIR && !process.env.E2E_BASE_URL) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'banqup-wizard-e2e-'));
  process.env.E2E_DATA_DIR = dataDir;
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}

const port = Number(process.env.E2E_PORT);
// E2E_BASE_URL runs the specs against a server you started yourself (no build, no webServer).
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;

// Debian's Chromium when present (Playwright cannot download browsers everywhere),
// Playwright's own browser otherwise.
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const launchOptions = existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    }
  : {};

const webServer = {
  // SKIP_BUILD=1 reuses an existing .next build.
  command: process.env.SKIP_BUILD ? 'npm run start' : 'npm run build && npm run start',
  // Ready, not merely alive: the database is open and migrated (lib/server/readiness.ts).
  url: `${baseURL}/api/ready`,
  timeout: 300_000,
  reuseExistingServer: false,
  stdout: 'pipe' as const,
  stderr: 'pipe' as const,
  env: {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: process.env.E2E_DATA_DIR ?? '',
    NEXT_TELEMETRY_DISABLED: '1',
    // The suites upload far more than a person does, all from 127.0.0.1; the rate limit itself
    // is tested on a server of its own with the default (e2e/security-doors.spec.ts).
    UPLOADS_PER_MINUTE: '10000',
    // Errors only: its output is printed between the test results, where a line per request, or
    // the warnings of the Banqup failures the specs cause on purpose, would bury them
    // (E2E_LOG_LEVEL=info shows them all). Specs that read a log start a server of their own.
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'error',
  },
};

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/playwright.json' }]] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions,
  },
  projects: [
    // The smoke tests see the fresh, empty database first (its empty state); the rest follow.
    { name: 'smoke', testMatch: 'smoke.spec.ts', use: { ...devices['Desktop Chrome'], launchOptions } },
    { name: 'chromium', testIgnore: 'smoke.spec.ts', dependencies: ['smoke'], use: { ...devices['Desktop Chrome'], launchOptions } },
  ],
  webServer: process.env.E2E_BASE_URL ? undefined : webServer,
});
