import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openStep, sandboxState, sendButton, startWithDraft } from './support/wizard';

test('a failure on one call of a multi-call step: the message shows, and resending sends only that call', async ({ page }) => {
  const { registrationId, applicationId } = await startWithDraft(page, 'Fault app');
  await openStep(page, registrationId, 'locations');
  for (const [query, name] of [
    ['Belg', 'Belgium BE'],
    ['France', 'France FR'],
    ['Luxem', 'Luxembourg LU'],
  ]) {
    await page.getByLabel('Search countries').fill(query as string);
    await page.getByRole('checkbox', { name: name as string }).check();
  }
  const fault = await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data: { path: '/locations', status: 400, times: 1 } });
  expect(fault.status()).toBe(201);

  await sendButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: '1 of 3 calls failed; 2 succeeded' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /Fault injected/ })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Registration steps' }).getByText('Failed', { exact: true })).toBeVisible();
  expect((await sandboxState(page, applicationId)).locations).toHaveLength(2);
  const errorToast = page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: '1 of 3 calls failed' });
  await expect(errorToast).toBeVisible();

  // After a partial failure the primary action retries what failed, then moves on; the error notice closes.
  await page.getByRole('button', { name: 'Retry failed calls' }).click();
  await expect(page.getByText('Sent 1 of 1 call to Banqup.').first()).toBeVisible();
  await expect(errorToast).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/version$`));
  const held = await sandboxState(page, applicationId);
  expect(held.locations.map((l) => l.countryCode).sort()).toEqual(['BE', 'FR', 'LU']);
  for (const location of held.locations as unknown as { writes: number }[]) expect(location.writes).toBe(1);

  // Nothing changed: the primary action only moves on, making no call at all.
  await openStep(page, registrationId, 'locations');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/version$`));
  for (const location of (await sandboxState(page, applicationId)).locations as unknown as { writes: number }[]) expect(location.writes).toBe(1);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A second production server of the same build, on its own data directory, that the test can kill. */
async function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, BANQUP_API_URL: '' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/ready`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

test('nothing typed is lost: a reload mid-step, and a server killed and restarted mid-wizard', async ({ browser }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'banqup-wizard-restart-'));
  let server = await startServer(port, dataDir);
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  try {
    const { registrationId } = await startWithDraft(page, 'Restart app');
    await openStep(page, registrationId, 'info');
    await page.getByLabel('Display name (en-GB)').fill('Typed before reload');
    await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Display name (en-GB)')).toHaveValue('Typed before reload');

    await page.getByLabel('Short description (en-GB)').fill('Typed before the crash');
    await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    server = await startServer(port, dataDir);
    await page.reload();
    await expect(page.getByLabel('Display name (en-GB)')).toHaveValue('Typed before reload');
    await expect(page.getByLabel('Short description (en-GB)')).toHaveValue('Typed before the crash');
    await expect(page.getByLabel('applicationId')).toHaveCount(0);
    await openStep(page, registrationId, 'draft');
    await expect(page.getByLabel('App name')).toHaveValue('Restart app');
  } finally {
    await context.close();
    const exited = new Promise((resolve) => server.once('exit', resolve));
    if (server.kill('SIGKILL')) await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
