import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './support/axe';
import { OWNER_ENTITY_ID, openStep, sandboxState, sendButton, startWithDraft } from './support/wizard';

/**
 * The wizard against the Banqup API as it behaves beyond the recipe: step 1 by API (and the
 * environments that refuse it), Banqup's own error bodies on the fields, the connection check.
 */

test.afterEach(async ({ page }) => {
  await page.request.delete('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' } });
});


/** Starts a registration and fills step 1's facts, without creating the draft. */
async function startRegistration(page: Page, name: string): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a registration' }).first().click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  await page.getByLabel('App name').fill(name);
  await page.getByLabel('Namespace').fill('purchase_app');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  return /registrations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
}

test('step 1 creates the draft through the API and fills in the applicationId', async ({ page }) => {
  const registrationId = await startRegistration(page, 'API draft app');
  // In sandbox mode both routes are offered.
  await expect(page.getByRole('button', { name: 'Create the draft in the sandbox' })).toBeVisible();
  await page.getByRole('button', { name: 'Create the draft through the API' }).click();

  const applicationId = page.getByLabel('applicationId');
  await expect(applicationId).toHaveValue(/^[0-9a-f-]{36}$/);
  const id = await applicationId.inputValue();
  await expect(page.getByRole('status').filter({ hasText: /Draft saved/ })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Registration steps' }).getByText('applicationId set')).toBeVisible();

  // The sandbox created it as Support would have, and the id survives a reload.
  const held = await sandboxState(page, id);
  expect(held.application).toMatchObject({ id, name: 'API draft app', namespace: 'purchase_app', ownerEntityId: OWNER_ENTITY_ID, status: 'DRAFT' });
  await openStep(page, registrationId, 'draft');
  await expect(page.getByLabel('applicationId')).toHaveValue(id);
});

test('an environment that refuses (405) is said to need the Support route, one click from the Support text', async ({ page }) => {
  await startRegistration(page, 'Support route app');
  const fault = await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data: { path: '/v2/applications', status: 405, times: 1 } });
  expect(fault.status()).toBe(201);

  await page.getByRole('button', { name: 'Create the draft through the API' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This Banqup environment needs the Support route.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('405 Method Not Allowed');
  await expect(alert).toContainText(/Request id for Banqup Support: [0-9a-f-]{36}/);
  await expect(page.getByLabel('applicationId')).toHaveValue('');
  // NOTE: the step list is left out: its "Cannot start yet" badges (steps locked until an
  // applicationId exists) fail color-contrast, a known issue of the stepper, checked elsewhere.
  await expectNoViolations(page, 'step 1 with the refusal', ['nav[aria-label="Registration steps"]']);

  await alert.getByRole('button', { name: 'Go to the request for Banqup Support' }).click();
  const requestText = page.getByLabel('Request text');
  await expect(requestText).toBeFocused();
  await expect(requestText).toBeInViewport();
  await expect(requestText).toHaveValue(/- Namespace: purchase_app/);

  // The Support route still leads on (here the sandbox plays Support).
  await page.getByRole('button', { name: 'Create the draft in the sandbox' }).click();
  await expect(page.getByLabel('applicationId')).toHaveValue(/^[0-9a-f-]{36}$/);
});

test("a Banqup-style 400 on step 2 lands on the locale's Display name field, with its detail and request id", async ({ page }) => {
  const { registrationId } = await startWithDraft(page, 'Banqup error app');
  await openStep(page, registrationId, 'info');
  await page.getByLabel('Display name (en-GB)').fill('Banqup purchase app');
  await page.getByLabel('Short description (en-GB)').fill('Manage purchase invoices');
  await page.getByLabel('Description (en-GB)', { exact: true }).fill('Purchases app helps you manage your purchase invoices, from receipt to payment, with approval flows and accounting exports.');
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();

  const fault = await page.request.post('/sandbox/control/faults', {
    headers: { 'x-sandbox-control': '1' },
    data: {
      path: '/infoLocalizations',
      status: 400,
      times: 1,
      style: 'banqup',
      detail: 'The display name is not acceptable in the Banqup Store.',
      errors: [{ field: 'displayName', message: 'Must not contain the word Banqup' }],
    },
  });
  expect(fault.status()).toBe(201);
  await sendButton(page).click();

  const displayName = page.getByLabel('Display name (en-GB)');
  await expect(displayName).toHaveAccessibleDescription(/Must not contain the word Banqup/);
  await expect(displayName).toHaveAttribute('aria-invalid', 'true');
  const alert = page.getByRole('alert').filter({ hasText: 'The display name is not acceptable in the Banqup Store.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('400 Bad Request');
  await expect(alert).toContainText(/Request id for Banqup Support: [0-9a-f-]{36}/);
  // Nothing unparsed reaches the page.
  await expect(alert).not.toContainText('"timestamp"');
  await expect(alert).not.toContainText('BAD_REQUEST');
});

test('the Connection page and npm run doctor check the sandbox of the running app', async ({ page, baseURL }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connection' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { name: 'Connection to Banqup', level: 2 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'The connection works.' })).toBeVisible();
  await expect(page.getByText(/GET \/servicemngmt\/v1\/applications\/[0-9a-f-]{36}/)).toBeVisible();
  await expect(page.getByText(/→ HTTP 404 in \d+ ms/)).toBeVisible();
  await expect(page.getByText("against the API's Date header")).toBeVisible();
  expect(await page.content()).not.toContain('sandbox-token');
  await expectNoViolations(page, 'the Connection page');

  const api = await page.request.get('/api/connection');
  expect(api.status()).toBe(200);
  expect(await api.json()).toMatchObject({ ok: true, mode: 'sandbox', probe: { status: 404, verdict: 'authorized' } });

  const doctor = spawnSync(process.execPath, ['scripts/doctor.mjs'], { env: { ...process.env, APP_URL: baseURL, BANQUP_API_URL: '' }, encoding: 'utf8' });
  expect(doctor.stdout).toContain('Result: OK');
  expect(doctor.status).toBe(0);
});
