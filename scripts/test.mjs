#!/usr/bin/env node
/**
 * The whole test suite: vitest (unit and integration, beside the code), then Playwright
 * (e2e against a production build). Both always run; their own summaries are printed, and
 * the last line adds them up as `N passed, N failed, N skipped`. Exits non-zero if any
 * test failed or a runner could not report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const RESULTS = 'test-results';
const VITEST_JSON = `${RESULTS}/vitest.json`;
const PLAYWRIGHT_JSON = `${RESULTS}/playwright.json`;
mkdirSync(RESULTS, { recursive: true });
rmSync(VITEST_JSON, { force: true });
rmSync(PLAYWRIGHT_JSON, { force: true });

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (args, env = {}) => spawnSync(npx, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const totals = { passed: 0, failed: 0, skipped: 0 };
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);

console.log('\n== Unit and integration tests (vitest) ==\n');
const vitestStatus = run(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`]);
const vitest = readJson(VITEST_JSON);
if (vitest) {
  const skipped = (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += skipped;
  console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${skipped} skipped`);
  if (vitestStatus !== 0 && vitest.numFailedTests === 0) {
    totals.failed += 1;
    console.log(`vitest exited with ${vitestStatus} (a file failed to load or an error outside tests): counted as 1 failure`);
  }
} else {
  totals.failed += 1;
  console.log(`vitest produced no report (exit ${vitestStatus}): counted as 1 failure`);
}

console.log('\n== End-to-end tests (Playwright, production build) ==\n');
// The main e2e server's data directory: made here so that it is removed when the run ends
// (the specs' own servers remove theirs when they stop).
const e2eDataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'banqup-wizard-e2e-'));
const playwrightStatus = run(['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_JSON, E2E_DATA_DIR: e2eDataDir });
if (!process.env.E2E_DATA_DIR) rmSync(e2eDataDir, { recursive: true, force: true });
const playwright = readJson(PLAYWRIGHT_JSON);
if (playwright?.stats) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = playwright.stats;
  totals.passed += expected + flaky;
  totals.failed += unexpected;
  totals.skipped += skipped;
  console.log(`playwright: ${expected + flaky} passed (${flaky} flaky), ${unexpected} failed, ${skipped} skipped`);
  if (playwrightStatus !== 0 && unexpected === 0) {
    totals.failed += 1;
    console.log(`playwright exited with ${playwrightStatus} (the web server or a global step failed): counted as 1 failure`);
  }
} else {
  totals.failed += 1;
  console.log(`playwright produced no report (exit ${playwrightStatus}): counted as 1 failure`);
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
