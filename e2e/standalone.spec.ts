import { expect, test } from '@playwright/test';
import { saveDraftNow, startDraftSafely } from './support/drafts';
import { MALICIOUS_SVG, makePng } from './support/images';
import { spawnServer, type SpawnedServer } from './support/spawn-server';
import { openStep, sendStep } from './support/wizard';

/**
 * The standalone server, as the Docker image runs it (`node <distDir>/standalone/start.mjs`,
 * PORT and HOSTNAME, data in DATA_DIR), made by the same `npm run build` as the other specs:
 * it answers health and readiness, runs the wizard on PGlite with uploads (the SVG sanitiser's
 * worker loaded by path from its own directory), and stops gracefully on SIGTERM.
 */

const GRACE_SECONDS = 15;
let server: SpawnedServer | undefined;

test.afterAll(async () => {
  await server?.stop();
});

test('the standalone server runs the wizard on PGlite, then stops on SIGTERM: ready turns 503, running requests finish, exit 0', async ({ browser }) => {
  test.setTimeout(150_000);
  // LOG_LEVEL=info: the shutdown's own lines are info lines, and this spec reads them.
  server = await spawnServer({ SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS), SHUTDOWN_DELAY_SECONDS: '2', LOG_LEVEL: 'info' }, { standalone: true });
  const { baseURL } = server;
  expect(server.log()).not.toContain('"next start" does not work');

  // Alive, and ready: small JSON, never cached.
  const health = await fetch(`${baseURL}/api/health`);
  expect(health.status).toBe(200);
  expect(health.headers.get('cache-control')).toBe('no-store');
  expect(await health.json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${baseURL}/api/ready`);
  expect(ready.status).toBe(200);
  expect(ready.headers.get('cache-control')).toBe('no-store');
  expect(await ready.json()).toMatchObject({ status: 'ready', database: { ok: true, driver: 'pglite' } });

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  try {
    // A registration, a step saved, a PNG and an SVG uploaded and sent.
    const { registrationId, applicationId } = await startDraftSafely(page, 'Standalone app');
    await openStep(page, registrationId, 'info');
    await page.getByLabel('Display name (en-GB)').fill('Standalone app');
    await page.getByLabel('Short description (en-GB)').fill('Served by server.js');
    await page.getByLabel('Description (en-GB)', { exact: true }).fill('Standalone app runs from the standalone output that the Docker image carries, with PGlite in its data directory.');
    await saveDraftNow(page);

    await openStep(page, registrationId, 'logo');
    await page.getByLabel('Logo file').setInputFiles({ name: 'evil.svg', mimeType: 'image/svg+xml', buffer: MALICIOUS_SVG });
    // The sanitiser ran (in its worker, from standalone/lib/uploads/svg-worker.mjs).
    await expect(page.getByRole('status').filter({ hasText: 'The SVG was cleaned' })).toContainText('<script> element');
    await expect(page.getByRole('img', { name: 'Logo preview' })).toBeVisible();
    await sendStep(page, /Sent 1 of 1 call/);

    await openStep(page, registrationId, 'media');
    await page.getByLabel('Media files').setInputFiles([{ name: 'shot.png', mimeType: 'image/png', buffer: makePng(1600, 900, [31, 95, 209]) }]);
    await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('listitem')).toHaveCount(1);
    await saveDraftNow(page);
    await page.reload();
    await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('listitem')).toContainText('shot.png');

    // SIGTERM while a call is running: the sandbox answers this one after 4 s.
    const faulted = await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data: { path: '/brands', delayMs: 4_000 } });
    expect(faulted.status()).toBe(201);
    const slow = fetch(`${baseURL}/sandbox/servicemngmt/v1/applications/${applicationId}/brands`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json' },
      body: JSON.stringify({ brandName: 'Banqup' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalledAt = Date.now();
    server.process.kill('SIGTERM');

    // Still alive, no longer ready (for SHUTDOWN_DELAY_SECONDS, before the listener closes).
    await expect.poll(async () => (await fetch(`${baseURL}/api/ready`)).status, { timeout: 1_500 }).toBe(503);
    expect(await (await fetch(`${baseURL}/api/ready`)).json()).toEqual({ status: 'stopping' });
    expect((await fetch(`${baseURL}/api/health`)).status).toBe(200);
    // Then nothing new is taken.
    await expect.poll(async () => fetch(`${baseURL}/api/health`).then(() => 'answered', () => 'refused'), { timeout: 5_000 }).toBe('refused');

    // The running call finishes, then the process exits with 0, well within the grace period.
    const answer = await slow;
    expect(answer.status).toBe(201);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(GRACE_SECONDS * 1000);
    // The slow call, and whatever the open page was asking at that moment.
    expect(server.log()).toMatch(/SIGTERM: stopping; [1-9]\d* requests? running, waiting up to 15 s for them/);
    expect(server.log()).toMatch(/"msg":"stopped after \d+ ms"/);
  } finally {
    await context.close();
  }
});
