import { expect, test } from '@playwright/test';

test('the registrations list renders with its empty state and the sandbox banner', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Registrations' })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Sandbox mode' })).toContainText('built-in Banqup sandbox');
  await expect(page.getByRole('heading', { name: 'No registrations yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start a registration' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/registrations-empty.png', fullPage: true });
});

test('starting a registration opens it, and it is listed afterwards', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a registration' }).click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Draft app' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Registration steps' })).toContainText('Untitled registration');
  await expect(page.getByRole('note', { name: 'Sandbox mode' })).toBeVisible();
  await page.getByRole('link', { name: 'Registrations' }).click();
  await expect(page.getByRole('link', { name: /Untitled registration/ }).first()).toBeVisible();
});

test('health says the process runs; ready says it can serve (database open and migrated)', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(health.headers()['cache-control']).toBe('no-store');
  expect(await health.json()).toEqual({ status: 'ok' });
  const ready = await request.get('/api/ready');
  expect(ready.status()).toBe(200);
  expect(ready.headers()['cache-control']).toBe('no-store');
  expect(await ready.json()).toMatchObject({ status: 'ready', database: { ok: true, driver: 'pglite' } });
  // Which Banqup the app talks to is for signed-in people: the connection check.
  expect(await (await request.get('/api/connection')).json()).toMatchObject({ mode: 'sandbox' });
});

test('the sandbox answers the recipe over HTTP in the production build', async ({ request }) => {
  const draft = await request.post('/sandbox/support/drafts', {
    data: { name: 'Smoke app', namespace: 'smoke_app', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' },
  });
  expect(draft.status()).toBe(201);
  const { applicationId } = (await draft.json()) as { applicationId: string };
  const brand = await request.post(`/sandbox/servicemngmt/v1/applications/${applicationId}/brands`, {
    headers: { authorization: 'Bearer sandbox-token' },
    data: { brandName: 'Banqup' },
  });
  expect(brand.status()).toBe(201);
  // Answered as is, never gzipped: the wizard, its client on the same server, would only gunzip it.
  expect(brand.headers()['cache-control']).toBe('no-store, no-transform');
  expect(brand.headers()['content-encoding']).toBeUndefined();
  const unauthorised = await request.post(`/sandbox/servicemngmt/v1/applications/${applicationId}/brands`, { data: { brandName: 'Banqup' } });
  expect(unauthorised.status()).toBe(401);
  expect(unauthorised.headers()['content-type']).toBe('application/problem+json');
});
