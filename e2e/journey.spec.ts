import { expect, test, type Locator, type Page } from '@playwright/test';
import { LOGO_SVG, makePng } from './support/images';
import { OWNER_ENTITY_ID, SERVICE_ACCOUNT, fillCallbacks, openStep, sandboxState, sendButton, startWithDraft } from './support/wizard';

/**
 * The journey of a new user, from an empty registration to step 10, following each page's
 * primary action alone (GOV.UK's "Save and continue", then "Check your answers"). Every click
 * is counted (a button, a link, a tick; typing and choosing files are not clicks): the essential
 * path must take at most 45. Issue 15, item 1.
 */

const CLICK_BUDGET = 45;

/** Clicks, counted. A list's choice is two clicks (open it, pick), as with a mouse. */
class Clicks {
  count = 0;
  log: string[] = [];
  counting = true;
  private add(n: number, what: string) {
    if (!this.counting) return;
    this.count += n;
    this.log.push(what);
  }
  async click(locator: Locator, what: string) {
    await locator.click();
    this.add(1, what);
  }
  async tick(locator: Locator, what: string) {
    await locator.check();
    this.add(1, what);
  }
  async choose(locator: Locator, value: string, what: string) {
    await locator.selectOption(value);
    this.add(2, what);
  }
}

/** The page's h1, with focus on it: where "Send and continue" lands. */
async function expectArrivedAt(page: Page, path: RegExp, heading: string | RegExp) {
  await expect(page).toHaveURL(path);
  const h1 = page.getByRole('heading', { level: 1, name: heading });
  await expect(h1).toBeFocused();
  await expect(h1).toBeInViewport();
}

test('a new user goes from an empty registration to step 10 by the primary action alone, in at most 45 clicks', async ({ page }) => {
  test.setTimeout(240_000);
  const clicks = new Clicks();
  const sent = async (toast: RegExp) => expect(page.getByText(toast).first()).toBeVisible({ timeout: 20_000 });

  // Step 1: a new registration, its draft app created in the sandbox, then on.
  await page.goto('/');
  await clicks.click(page.getByRole('button', { name: 'Start a registration' }).first(), 'start');
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  const registrationId = /registrations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  const at = (slug: string) => new RegExp(`/registrations/${registrationId}/${slug}$`);
  await page.getByLabel('App name').fill('Journey app');
  await page.getByLabel('Namespace').fill('journey_app');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  await clicks.click(page.getByRole('button', { name: /^Create (the )?draft in (the )?sandbox$/i }), 'create the draft');
  await expect(page.getByLabel('applicationId')).toHaveValue(/^[0-9a-f-]{36}$/);
  const applicationId = await page.getByLabel('applicationId').inputValue();
  await clicks.click(page.getByRole('button', { name: 'Continue', exact: true }), 'step 1: continue');

  // Step 2: two languages.
  await expectArrivedAt(page, at('info'), 'App info and languages');
  await page.getByLabel('Display name (en-GB)').fill('Journey app');
  await page.getByLabel('Short description (en-GB)').fill('Purchase invoices, end to end');
  await page.getByLabel('Description (en-GB)', { exact: true }).fill('Journey app takes purchase invoices from receipt to payment, with approval flows and accounting exports.');
  await clicks.click(page.getByRole('button', { name: /Add fr-BE/ }), 'add fr-BE');
  await page.getByLabel('Display name (fr-BE)').fill('Voyage');
  await page.getByLabel('Short description (fr-BE)').fill('Factures d’achat, de bout en bout');
  await page.getByLabel('Description (fr-BE)', { exact: true }).fill('Voyage mène les factures d’achat de la réception au paiement, avec approbations et exports comptables.');
  await clicks.click(sendButton(page), 'step 2: send and continue');
  await sent(/Sent 2 of 2 calls/);

  // Step 3: the logo.
  await expectArrivedAt(page, at('logo'), 'Logo');
  await page.getByLabel('Logo file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO_SVG });
  await expect(page.getByRole('img', { name: 'Logo preview' })).toBeVisible();
  await clicks.click(sendButton(page), 'step 3: send and continue');
  await sent(/Sent 1 of 1 call/);

  // Step 4: three screenshots.
  await expectArrivedAt(page, at('media'), 'Media');
  await page.getByLabel('Media files').setInputFiles([
    { name: 'inbox.png', mimeType: 'image/png', buffer: makePng(1600, 900, [31, 95, 209]) },
    { name: 'approval.png', mimeType: 'image/png', buffer: makePng(1600, 900, [16, 150, 110]) },
    { name: 'export.png', mimeType: 'image/png', buffer: makePng(1600, 900, [200, 120, 20]) },
  ]);
  await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('listitem')).toHaveCount(3);
  await clicks.click(sendButton(page), 'step 4: send and continue');
  await sent(/Sent 3 of 3 calls/);

  // Steps 5–8: targeting.
  await expectArrivedAt(page, at('space-types'), 'Space types');
  await clicks.tick(page.getByRole('checkbox', { name: /^BUSINESS/ }), 'BUSINESS');
  await clicks.click(sendButton(page), 'step 5: send and continue');
  await expectArrivedAt(page, at('space-segments'), 'Space segments');
  await clicks.tick(page.getByRole('checkbox', { name: /^SME/ }), 'SME');
  await clicks.click(sendButton(page), 'step 6: send and continue');
  await expectArrivedAt(page, at('brand'), 'Brand');
  await clicks.tick(page.getByRole('radio', { name: /^Banqup/ }), 'Banqup');
  await clicks.click(sendButton(page), 'step 7: send and continue');
  await expectArrivedAt(page, at('locations'), 'Locations');
  for (const [query, name] of [
    ['Belg', 'Belgium BE'],
    ['Nether', 'Netherlands NL'],
    ['France', 'France FR'],
  ] as const) {
    await page.getByLabel('Search countries').fill(query);
    await clicks.tick(page.getByRole('checkbox', { name }), name);
  }
  await clicks.click(sendButton(page), 'step 8: send and continue');

  // Step 9: the version and its manifest, then on to the summary.
  await expectArrivedAt(page, at('version'), 'Version and manifest');
  await page.getByLabel('Release note').fill('First release in the Banqup Store');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await clicks.click(page.getByRole('button', { name: '+ space / space_read' }), 'permission');
  await clicks.choose(page.getByLabel('Entity'), 'urn:btx:L2', 'entity level');
  await clicks.choose(page.getByLabel('User'), 'urn:btx:L1', 'user level');
  await fillCallbacks(page, 'https://journey.example/banqup');
  await page.getByLabel('Authorization header for the callbacks').fill('cb-journey-secret-0915');
  await clicks.click(sendButton(page), 'step 9: send and continue');
  await expectArrivedAt(page, at('summary'), /^Summary/);
  await expect(page.getByRole('navigation', { name: 'Registration steps' }).getByText('Sent', { exact: true })).toHaveCount(8);

  // Not on the essential path: a Change link from the summary leads back to the summary once sent.
  clicks.counting = false;
  await page.getByRole('link', { name: 'Change space types', exact: true }).click();
  await expectArrivedAtStep(page, `/registrations/${registrationId}/space-types?from=summary`);
  await expect(page.getByRole('link', { name: '← Back to the summary' })).toHaveAttribute('href', `/registrations/${registrationId}/summary`);
  // Sent and unchanged: it only goes back, saying so.
  await expect(page.getByRole('button', { name: 'Return to the summary', exact: true })).toBeVisible();
  await page.getByRole('checkbox', { name: /^PARTNER/ }).check();
  await page.getByRole('button', { name: 'Send and return to the summary', exact: true }).click();
  await sent(/Sent 1 of 1 call/);
  await expectArrivedAt(page, at('summary'), /^Summary/);
  expect((await sandboxState(page, applicationId)).spaceTypes.map((type) => type.spaceType).sort()).toEqual(['BUSINESS', 'PARTNER']);
  clicks.counting = true;

  // A reviewer approves from the summary; step 10 then has the request for Banqup.
  await page.getByLabel('Your name').fill('Rita Reviewer');
  await clicks.click(page.getByRole('button', { name: 'Approve' }), 'approve');
  await expect(page.getByRole('list', { name: 'Sign-offs' })).toContainText('Approved by Rita Reviewer');
  await clicks.click(page.getByRole('navigation', { name: 'Registration steps' }).getByRole('link', { name: /^10\. Approval/ }), 'step 10');
  await expect(page).toHaveURL(at('approval'));
  await expect(page.getByLabel('The approval request for Banqup')).toHaveValue(new RegExp(`applicationId: ${applicationId}`));

  // What Banqup holds: every item once.
  const held = await sandboxState(page, applicationId);
  expect(held.infoLocalizations.map((l) => l.locale).sort()).toEqual(['en-GB', 'fr-BE']);
  expect(held.medias).toHaveLength(3);
  expect(held.locations.map((l) => l.countryCode).sort()).toEqual(['BE', 'FR', 'NL']);
  expect(held.versions).toHaveLength(1);
  for (const item of [...held.infoLocalizations, ...held.medias]) expect(item.writes).toBe(1);

  test.info().annotations.push({ type: 'clicks', description: `${clicks.count}: ${clicks.log.join(', ')}` });
  expect(clicks.count, clicks.log.join(', ')).toBeLessThanOrEqual(CLICK_BUDGET);
});

/** A step page opened from the summary: its address keeps ?from=summary, and its heading is there. */
async function expectArrivedAtStep(page: Page, path: string) {
  await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

test('a failed send names each field in words in the error summary, which takes the focus', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId } = await startWithDraft(page, 'Careless app');
  await openStep(page, registrationId, 'info');
  await page.getByLabel('Short description (en-GB)').fill('A short description, and no display name');
  await sendButton(page).click();
  const summary = page.getByRole('alert').filter({ hasText: /needs? attention/ });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: 'Enter a display name for en-GB' })).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Enter a description for en-GB' })).toBeVisible();
  await expect(summary).not.toContainText('locales.');
  // The page stays, and its entry leads to the field.
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/info$`));
  await summary.getByRole('link', { name: 'Enter a display name for en-GB' }).click();
  await expect(page.getByLabel('Display name (en-GB)')).toBeFocused();
  await page.screenshot({ path: 'test-results/screenshots/journey-error-summary.png', fullPage: true });

  // Step 9: a permission without its resource.
  await openStep(page, registrationId, 'version');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await page.getByRole('button', { name: '+ Add a permission' }).click();
  await page.getByRole('button', { name: '+ Add a permission' }).click();
  await page.getByLabel('Resource 1').fill('space');
  await page.getByLabel('Scope 1').fill('space_read');
  await page.getByLabel('Scope 2').fill('space_write');
  await sendButton(page).click();
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Enter a resource for permission 2');
  await expect(summary).not.toContainText('permissions.');
});

test('a 5xx that outlasts the retries: the step says so and stays; "Retry failed calls" sends it and moves on', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId, applicationId } = await startWithDraft(page, 'Unlucky app');
  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^Banqup/ }).check();
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();
  // The API's own 503 proves nothing was done: the wizard retries the POST (BANQUP_MAX_ATTEMPTS, 3), then gives up.
  const control = { headers: { 'x-sandbox-control': '1' } };
  expect((await page.request.post('/sandbox/control/faults', { ...control, data: { path: '/brands', status: 503, times: 3 } })).status()).toBe(201);
  try {
    await sendButton(page).click();
    const failure = page.getByRole('alert').filter({ hasText: 'The wizard already tried 3 times.' }).first();
    await expect(failure).toBeVisible({ timeout: 30_000 });
    await expect(failure).toContainText('503 Service Unavailable');
    await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/brand$`));
    const notice = page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: 'The wizard already tried 3 times' });
    await expect(notice).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/journey-5xx.png', fullPage: true });
  } finally {
    await page.request.delete('/sandbox/control/faults', control);
  }
  // Banqup is back: the primary action retries, the error notice closes, and the page moves on.
  await page.getByRole('button', { name: 'Retry failed calls' }).click();
  await expect(page.getByText('Sent 1 of 1 call to Banqup.').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: 'The wizard already tried 3 times' })).toHaveCount(0);
  await expectArrivedAt(page, new RegExp(`/registrations/${registrationId}/locations$`), 'Locations');
  expect((await sandboxState(page, applicationId)).brands.map((brand) => brand.brandName)).toEqual(['Banqup']);
});
