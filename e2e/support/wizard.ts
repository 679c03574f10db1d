import { expect, type Page } from '@playwright/test';
import { LOGO_SVG, makePng } from './images';

export const OWNER_ENTITY_ID = 'f47c5440-89cb-11ee-b9d1-0242ac120002';
export const SERVICE_ACCOUNT = '6b1a3c0e-1f2d-4e5a-9b7c-8d9e0f1a2b3c';

/** Starts a registration from the list and completes step 1 with the sandbox's draft. Returns ids. */
export async function startWithDraft(page: Page, name = 'Purchase app'): Promise<{ registrationId: string; applicationId: string }> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a registration' }).first().click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  await page.getByLabel('App name').fill(name);
  await page.getByLabel('Namespace').fill('purchase_app');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  await page.getByRole('button', { name: 'Create the draft in the sandbox' }).click();
  await expect(page.getByLabel('applicationId')).toHaveValue(/^[0-9a-f-]{36}$/);
  const applicationId = await page.getByLabel('applicationId').inputValue();
  const registrationId = /registrations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  await expect(page.getByRole('status').filter({ hasText: /Draft saved/ })).toBeVisible();
  return { registrationId, applicationId };
}

/** Step 9's five callback fields, by label, and the recipe's path of each. */
export const CALLBACK_FIELDS = [
  ['Add extension (addUrl)', 'add'],
  ['Activate extension (activationUrl)', 'activate'],
  ['Deactivate extension (deactivationUrl)', 'deactivate'],
  ['Configure extension (configureUrl)', 'configure'],
  ['Remove extension (removeUrl)', 'remove'],
] as const;

/** Fills step 9's five callbacks with `base` + each one's path, field by field. */
export async function fillCallbacks(page: Page, base: string) {
  for (const [label, path] of CALLBACK_FIELDS) await page.getByLabel(label).fill(`${base}/${path}`);
}

export async function openStep(page: Page, registrationId: string, slug: string) {
  await page.goto(`/registrations/${registrationId}/${slug}`);
}

/** A step's primary action while it has something to send (it reads "Continue" when it has not). */
export const sendButton = (page: Page) => page.getByRole('button', { name: 'Send and continue', exact: true });

/**
 * Sends the current step with its primary action ("Send and continue"), waits for Banqup's
 * answer in a toast, and for the page to move on (to the next step, or the summary after step 9).
 */
export async function sendStep(page: Page, expected: RegExp = /Sent \d+ of \d+ call/) {
  const before = page.url();
  await sendButton(page).click();
  await expect(page.getByText(expected).first()).toBeVisible({ timeout: 20_000 });
  await expect(page).not.toHaveURL(before);
}

/** sendStep, then back to the step just sent: for what a test checks on that step afterwards. */
export async function sendAndReturn(page: Page, expected?: RegExp) {
  const before = page.url();
  await sendStep(page, expected);
  await page.goto(before);
}

/** Everything the sandbox holds for an application (its read endpoint). */
export async function sandboxState(page: Page, applicationId: string) {
  const response = await page.request.get(`/sandbox/servicemngmt/v1/applications/${applicationId}`, { headers: { authorization: 'Bearer sandbox-token' } });
  expect(response.status()).toBe(200);
  return (await response.json()) as Record<string, unknown> & {
    infoLocalizations: { locale: string; displayName: string; writes: number }[];
    logo: { contentType: string; fileName: string; writes: number } | null;
    medias: { displayOrder: number; fileName: string; mediaType: string; contentType: string; writes: number }[];
    spaceTypes: { spaceType: string }[];
    spaceSegments: { spaceSegment: string }[];
    brands: { brandName: string }[];
    locations: { countryCode: string; status: string }[];
    versions: { version: string; status: string; manifest: Record<string, unknown> }[];
  };
}

/**
 * A complete registration through the UI, steps 1–9 all sent: what a reviewer gets to see.
 * Options leave a step out (e.g. the logo), to see the checklist react.
 */
export async function completeRegistration(page: Page, options: { name?: string; skipLogo?: boolean; header?: string } = {}) {
  const ids = await startWithDraft(page, options.name ?? 'Purchase app');
  const { registrationId } = ids;

  await openStep(page, registrationId, 'info');
  await page.getByLabel('Display name (en-GB)').fill('Purchase app');
  await page.getByLabel('Short description (en-GB)').fill('Manage purchase invoices');
  await page
    .getByLabel('Description (en-GB)', { exact: true })
    .fill('Purchases app helps you manage your purchase invoices, from receipt to payment, with approval flows, reminders and exports to your accounting software.');
  await page.getByRole('button', { name: /Add fr-BE/ }).click();
  await page.getByLabel('Display name (fr-BE)').fill('Achats');
  await page.getByLabel('Short description (fr-BE)').fill('Gérez vos factures d’achat');
  await page
    .getByLabel('Description (fr-BE)', { exact: true })
    .fill('L’application Achats vous aide à gérer vos factures d’achat, de la réception au paiement, avec des circuits d’approbation et des exports comptables.');
  await sendStep(page);

  if (!options.skipLogo) {
    await openStep(page, registrationId, 'logo');
    await page.getByLabel('Logo file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO_SVG });
    await expect(page.getByRole('img', { name: 'Logo preview' })).toBeVisible();
    await sendStep(page);
  }

  await openStep(page, registrationId, 'media');
  await page.getByLabel('Media files').setInputFiles([
    { name: 'inbox.png', mimeType: 'image/png', buffer: makePng(1600, 900, [31, 95, 209]) },
    { name: 'approval.png', mimeType: 'image/png', buffer: makePng(1600, 900, [16, 150, 110]) },
    { name: 'export.png', mimeType: 'image/png', buffer: makePng(1600, 900, [200, 120, 20]) },
  ]);
  await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('listitem')).toHaveCount(3);
  await sendStep(page);

  await openStep(page, registrationId, 'space-types');
  await page.getByRole('checkbox', { name: /^BUSINESS/ }).check();
  await sendStep(page);
  await openStep(page, registrationId, 'space-segments');
  await page.getByRole('checkbox', { name: /^SME/ }).check();
  await sendStep(page);
  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^Banqup/ }).check();
  await sendStep(page);
  await openStep(page, registrationId, 'locations');
  for (const [query, name] of [
    ['Belg', 'Belgium BE'],
    ['Nether', 'Netherlands NL'],
    ['France', 'France FR'],
  ] as const) {
    await page.getByLabel('Search countries').fill(query);
    await page.getByRole('checkbox', { name }).check();
  }
  await sendStep(page);

  await openStep(page, registrationId, 'version');
  await page.getByLabel('Release note').fill('First release in the Banqup Store');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await page.getByRole('button', { name: '+ space / space_read' }).click();
  await page.getByLabel('Entity').selectOption('urn:btx:L2');
  await page.getByLabel('User').selectOption('urn:btx:L1');
  await fillCallbacks(page, 'https://purchase.example/banqup');
  await page.getByLabel('Authorization header for the callbacks').fill(options.header ?? 'cb-summary-secret-4410');
  await sendStep(page);
  return ids;
}
