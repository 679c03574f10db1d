import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './support/axe';
import { CALLBACK_FIELDS, OWNER_ENTITY_ID, SERVICE_ACCOUNT, openStep, sandboxState, sendAndReturn, sendButton, sendStep, startWithDraft } from './support/wizard';

/**
 * Step 1 and step 9 as a new user meets them: one primary way to create the draft, a Support
 * request that is never half-filled, and a manifest filled through a date picker, a base URL and
 * structured editors, previewed as the exact JSON sent, with the next free version offered
 * after Banqup refused one as taken.
 */

async function newRegistration(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a registration' }).first().click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  return /registrations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
}


const background = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).evaluate((button) => getComputedStyle(button).backgroundColor);

test('step 1 in sandbox mode has one primary path: Create the draft in the sandbox', async ({ page }) => {
  await newRegistration(page);
  const primary = page.getByRole('region', { name: 'Create the draft in the sandbox' });
  await expect(primary.getByRole('button')).toHaveCount(1);
  await expect(primary.getByRole('button', { name: 'Create the draft in the sandbox' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create the draft in the sandbox' })).toHaveCount(1);
  // The API route and the Support request are the alternatives, styled as such.
  const alternatives = page.getByRole('region', { name: /^Or: the request you would send to Banqup Support/ });
  await expect(alternatives.getByRole('button', { name: 'Create the draft through the API' })).toBeVisible();
  const white = 'rgb(255, 255, 255)';
  expect(await background(page, 'Create the draft in the sandbox')).not.toBe(white);
  for (const name of ['Create the draft through the API', 'Copy the request', 'Download .txt']) expect(await background(page, name)).toBe(white);
  // No field carries a placeholder that could pass for a value.
  await expect(page.locator('form input[placeholder], form textarea[placeholder]')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/step-1-sandbox.png', fullPage: true });

  // The primary path does what it says.
  await page.getByLabel('App name').fill('Primary path app');
  await page.getByLabel('Namespace').fill('com.example.primary');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  await page.getByRole('button', { name: 'Create the draft in the sandbox' }).click();
  await expect(page.getByLabel('applicationId')).toHaveValue(/^[0-9a-f-]{36}$/);
});

test('the Support request says what is missing instead of copying a half-filled request', async ({ page }) => {
  await newRegistration(page);
  const request = page.getByRole('region', { name: /^Or: the request you would send to Banqup Support/ });
  await page.getByLabel('App name').fill('Support app');
  await page.getByLabel('Namespace').fill('com.example.support');

  await expect(request).toContainText('The request is not complete yet:');
  await expect(request.getByRole('listitem')).toHaveText(['Enter the ownerEntityId (legal entity id).']);
  await expect(page.getByLabel('Request text')).toHaveCount(0);
  await request.getByRole('button', { name: 'Copy the request' }).click();
  await expect(page.getByText('Nothing copied: the request is not complete yet. See what it needs.')).toBeVisible();
  await expect(request.getByText('The request is not complete yet:')).toBeInViewport();
  await expect(page.locator('#support-request-missing')).toBeFocused();
  // NOTE: the step list is left out, as in banqup-api.spec.ts: its "Cannot start yet" badges are checked elsewhere.
  await expectNoViolations(page, 'step 1 with an incomplete Support request', ['nav[aria-label="Registration steps"]']);

  await page.getByLabel('ownerEntityId (legal entity id)').fill('f47c5440-89cb');
  await expect(request.getByRole('listitem')).toHaveText(['Correct the ownerEntityId: it must be a UUID (8-4-4-4-12 hexadecimal digits).']);
  await page.getByLabel('App name').fill('');
  await expect(request.getByRole('listitem')).toHaveText(['Enter the app name.', 'Correct the ownerEntityId: it must be a UUID (8-4-4-4-12 hexadecimal digits).']);

  await page.getByLabel('App name').fill('Support app');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  await expect(request.getByRole('listitem')).toHaveCount(0);
  const text = page.getByLabel('Request text');
  await expect(text).toHaveValue(/- App name: Support app\n- Namespace: com\.example\.support\n- ownerEntityId \(legal entity id\): f47c5440-89cb-11ee-b9d1-0242ac120002/);
  await expect(text).not.toHaveValue(/</);
});

test('step 9 filled through the date picker, the base URL and the structured editors sends what its preview shows', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId, applicationId } = await startWithDraft(page, 'Manifest app');
  await openStep(page, registrationId, 'version');

  await page.getByLabel('Release note').fill('Manifest through the editors');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await page.getByRole('button', { name: '+ space / space_read' }).click();
  const releaseDate = page.getByLabel('Release date');
  await expect(releaseDate).toHaveAttribute('type', 'date');
  await releaseDate.fill('2026-05-04');
  await expect(page.getByText(/^Sent as 2026-05-04T\d{2}:\d{2}:\d{2}Z \(ISO 8601\)/)).toBeVisible();

  // One base URL fills the five callbacks; each stays editable.
  await page.getByLabel('Base URL of your app').fill('https://app.example.com/');
  await page.getByLabel('Base URL of your app').press('Enter'); // fills; does not send
  for (const [label, path] of CALLBACK_FIELDS) {
    await expect(page.getByLabel(label)).toHaveValue(`https://app.example.com/${path}`);
  }
  await page.getByLabel('Remove extension (removeUrl)').fill('https://app.example.com/uninstall');

  // A dependency and client configurations, as typed rows.
  await page.getByRole('button', { name: '+ Add a dependency' }).click();
  await expect(page.getByLabel('Key 1 (dependency 1)')).toHaveValue('namespace');
  await page.getByLabel('Value 1 (dependency 1)').fill('com.example.ledger');
  await page.getByRole('button', { name: '+ Add a client configuration' }).click();
  await page.getByLabel('Key 1 (client configuration)').fill('endpoint');
  await page.getByLabel('Value 1 (client configuration)').fill('https://partner.example/install');
  await page.getByRole('button', { name: '+ Add a client configuration' }).click();
  await page.getByLabel('Key 2 (client configuration)').fill('retries');
  await page.getByLabel('Type 2 (client configuration)').selectOption('number');
  await page.getByLabel('Value 2 (client configuration)').fill('three');
  await page.getByRole('button', { name: '+ Add a client configuration' }).click();
  await page.getByLabel('Key 3 (client configuration)').fill('scopes');
  await page.getByLabel('Type 3 (client configuration)').selectOption('json');
  await page.getByLabel('Value 3 (client configuration)').fill('["space_read","space_write"]');
  await page.getByLabel('Value 3 (client configuration)').blur();
  await expect(page.getByLabel('Value 3 (client configuration)')).toHaveValue('[\n  "space_read",\n  "space_write"\n]');
  await page.getByLabel('Authorization header for the callbacks').fill('cb-steps-secret-77');

  // A number that is not one is refused on its row, named in the error summary.
  await sendButton(page).click();
  await expect(page.getByLabel('Value 2 (client configuration)')).toHaveAccessibleDescription('Enter a number, e.g. 42, -1 or 0.5');
  await page.getByLabel('Value 2 (client configuration)').fill('3');

  // The preview: the exact JSON, the header masked.
  await page.getByText('Preview the JSON sent for this version').click();
  const preview = page.getByLabel('The version request as JSON');
  await expect(preview).toContainText('"authorizationHeader": "•••••••• (hidden, 18 characters)"');
  await expect(preview).not.toContainText('cb-steps-secret-77');
  await expectNoViolations(page, 'step 9 with its rows and the preview open');
  const previewed = JSON.parse((await preview.textContent()) ?? '') as { version: string; releaseDate: string; manifest: Record<string, unknown> };
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: 'test-results/screenshots/step-9-filled.png', fullPage: true });
  // At 390 px the rows stack: nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/step-9-filled-390.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Sent, and back on step 9 (Send and continue goes on to the summary) to read it again.
  await sendAndReturn(page, /Sent 1 of 1 call/);
  const held = await sandboxState(page, applicationId);
  const sent = held.versions[0] as unknown as { version: string; releaseDate: string; releaseNote: string; manifest: Record<string, unknown> };
  expect(sent.releaseDate).toMatch(/^2026-05-04T\d{2}:\d{2}:\d{2}Z$/);
  expect(sent.releaseDate).toBe(previewed.releaseDate);
  expect(sent.manifest).toMatchObject({
    serviceAccount: SERVICE_ACCOUNT,
    dependencies: [{ namespace: 'com.example.ledger' }],
    clientConfigurations: { endpoint: 'https://partner.example/install', retries: 3, scopes: ['space_read', 'space_write'] },
    appCallbacks: {
      addUrl: 'https://app.example.com/add',
      activationUrl: 'https://app.example.com/activate',
      deactivationUrl: 'https://app.example.com/deactivate',
      configureUrl: 'https://app.example.com/configure',
      removeUrl: 'https://app.example.com/uninstall',
    },
  });
  // What the sandbox received is what the preview showed (the header aside, which it keeps as a hash).
  const { security: _masked, ...previewedCallbacks } = previewed.manifest.appCallbacks as Record<string, unknown>;
  const { authorizationHeaderSha256: _hash, ...sentCallbacks } = sent.manifest.appCallbacks as Record<string, unknown>;
  expect(sentCallbacks).toEqual(previewedCallbacks);
  expect({ ...sent.manifest, appCallbacks: undefined }).toEqual({ ...previewed.manifest, appCallbacks: undefined });
  expect([sent.version, sent.releaseNote]).toEqual([previewed.version, 'Manifest through the editors']);

  // After a reload the rows are there, and the preview masks the saved header it never receives.
  await page.reload();
  await expect(page.getByLabel('Value 2 (client configuration)')).toHaveValue('3');
  await expect(page.getByLabel('Release date')).toHaveValue('2026-05-04');
  await page.getByText('Preview the JSON sent for this version').click();
  await expect(page.getByLabel('The version request as JSON')).toContainText('"authorizationHeader": "•••••••• (hidden, 18 characters)"');
});

test('after Banqup refuses a version as taken (409), the next free version is offered and used', async ({ page }) => {
  test.setTimeout(120_000);
  // Another registration of the same app sent version 1.0.0 first.
  const first = await startWithDraft(page, 'Taken version app');
  await openStep(page, first.registrationId, 'version');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await sendStep(page, /Sent 1 of 1 call/);

  const second = await newRegistration(page);
  await page.getByLabel('App name').fill('Taken version app');
  await page.getByLabel('Namespace').fill('purchase_app');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  await page.getByLabel('applicationId').fill(first.applicationId);
  await expect(page.getByRole('navigation', { name: 'Registration steps' }).getByText('applicationId set')).toBeVisible();
  await openStep(page, second, 'version');
  await expect(page.getByRole('heading', { name: 'Version and manifest' })).toBeVisible();
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await sendButton(page).click();

  const offer = page.getByRole('status').filter({ hasText: 'Banqup already holds a version 1.0.0 of this app.' });
  await expect(offer).toContainText('1.0.1 is free as far as the wizard knows: use it?');
  await page.screenshot({ path: 'test-results/screenshots/step-9-version-conflict.png', fullPage: true });
  await expectNoViolations(page, 'step 9 with the next free version offered');
  // The offer stays after a reload (the refusal is in the ledger).
  await page.reload();
  await expect(offer).toContainText('1.0.1 is free as far as the wizard knows: use it?');
  await offer.getByRole('button', { name: 'Use 1.0.1' }).click();
  await expect(page.getByLabel('Version', { exact: true })).toHaveValue('1.0.1');
  await expect(page.getByLabel('Version', { exact: true })).toBeFocused();
  await expect(offer).toHaveCount(0);
  await sendStep(page, /Sent 1 of 1 call/);
  const held = await sandboxState(page, first.applicationId);
  expect(held.versions.map((version) => version.version).sort()).toEqual(['1.0.0', '1.0.1']);
});
