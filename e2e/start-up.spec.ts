import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { distDir, freePort } from './support/spawn-server';

/**
 * A bad setting stops `npm start` (scripts/start.mjs) and the standalone server's start.mjs
 * with one line naming it, before Next.js listens and prints "Ready": the configuration is
 * checked with the app's own parser, bundled by `npm run build` (lib/config-check.ts).
 */

type Outcome = { code: number | null; output: string };

async function start(entry: string, env: Record<string, string>): Promise<Outcome> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'banqup-wizard-start-'));
  try {
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, NEXT_DIST_DIR: distDir(), NEXT_TELEMETRY_DISABLED: '1', DATA_DIR: dataDir, BANQUP_API_URL: '', APP_URL: '', HOST: '127.0.0.1', HOSTNAME: '127.0.0.1', PORT: String(await freePort()), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(killer);
    return { code, output };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const npmStart = path.join('scripts', 'start.mjs');
const standaloneStart = () => path.resolve(distDir(), 'standalone', 'start.mjs');

test('PORT=abc is reported as a bad PORT, before "Ready"', async () => {
  const { code, output } = await start(npmStart, { PORT: 'abc' });
  expect(code).toBe(1);
  expect(output.trim()).toBe('Invalid configuration: PORT must be a whole number');
});

test('a bad setting stops npm start with one line naming it, before Next.js listens', async () => {
  const { code, output } = await start(npmStart, { BANQUP_CONCURRENCY: 'six' });
  expect(code).toBe(1);
  expect(output).toContain('Invalid configuration: BANQUP_CONCURRENCY must be a whole number');
  expect(output).not.toContain('Ready');
  expect(output).not.toContain('Next.js');
});

test('local mode listening on every address stops before "Ready", in npm start and in the standalone server', async () => {
  for (const [entry, env] of [
    [npmStart, { HOST: '0.0.0.0' }],
    [standaloneStart(), { HOSTNAME: '0.0.0.0' }],
  ] as const) {
    const { code, output } = await start(entry, env);
    expect(code, entry).toBe(1);
    expect(output, entry).toMatch(/^AUTH_MODE=none \(no sign-in\) serves only this machine, but the app listens on every address \(0\.0\.0\.0\)/);
    expect(output, entry).not.toContain('Ready');
  }
});

test('the standalone server refuses a bad setting the same way', async () => {
  const { code, output } = await start(standaloneStart(), { STORAGE_QUOTA_MB: '-1' });
  expect(code).toBe(1);
  expect(output).toMatch(/^Invalid configuration: STORAGE_QUOTA_MB /);
  expect(output).not.toContain('Ready');
});
