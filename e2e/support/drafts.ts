import { expect, type Page } from '@playwright/test';
import { LOGO_SVG, makePng } from './images';
import { OWNER_ENTITY_ID, SERVICE_ACCOUNT, openStep, sendButton } from './wizard';

/**
 * Steps 2–9 filled in through the UI and saved as drafts, none sent: what a sending test
 * starts from. `ITEMS` is how many API calls (and sandbox items) each step then makes.
 */

/** Clicks "Save draft" and waits until the server said it saved (the toast, not the older status line). */
export async function saveDraftNow(page: Page) {
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('region', { name: /^Notifications/ }).getByText('Draft saved', { exact: true })).toBeVisible();
}

/**
 * Starts a registration and completes step 1 with the sandbox's draft, like startWithDraft in
 * wizard.ts, but in a settled order: the typed fields' autosave ends before "Create draft in
 * sandbox", and the autosave of the applicationId filled in ends before it returns, so what
 * follows never starts beside a save (the collision itself is tested in reliability.spec.ts).
 */
export async function startDraftSafely(page: Page, name: string): Promise<{ registrationId: string; applicationId: string }> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a registration' }).first().click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  await page.getByLabel('App name').fill(name);
  await page.getByLabel('Namespace').fill('drafted_app');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();
  await page.getByRole('button', { name: 'Create the draft in the sandbox' }).click();
  await expect(page.getByLabel('applicationId')).toHaveValue(/^[0-9a-f-]{36}$/);
  const applicationId = await page.getByLabel('applicationId').inputValue();
  const registrationId = /registrations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  // The applicationId filled in is autosaved too: wait for that save to end.
  await expect(page.getByRole('status').filter({ hasText: /^(Unsaved changes…|Saving…)$/ })).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Registration steps' }).getByText('applicationId set')).toBeVisible();
  return { registrationId, applicationId };
}

export type DraftStep = {
  slug: string;
  /** The part of the API path that identifies the step's endpoint (a sandbox fault path). */
  fault: string;
  /** The sandbox's read endpoint's collection for the step. */
  collection: 'infoLocalizations' | 'logo' | 'medias' | 'spaceTypes' | 'spaceSegments' | 'brands' | 'locations' | 'versions';
  /** API calls the step makes, and items the sandbox then holds. */
  items: number;
};

export const DRAFT_STEPS: DraftStep[] = [
  { slug: 'info', fault: '/infoLocalizations', collection: 'infoLocalizations', items: 2 },
  { slug: 'logo', fault: '/logo', collection: 'logo', items: 1 },
  { slug: 'media', fault: '/medias', collection: 'medias', items: 2 },
  { slug: 'space-types', fault: '/spaceTypes', collection: 'spaceTypes', items: 2 },
  // SME and ACCOUNTING (choosing a segment clears the default ALL).
  { slug: 'space-segments', fault: '/spaceSegments', collection: 'spaceSegments', items: 2 },
  { slug: 'brand', fault: '/brands', collection: 'brands', items: 1 },
  { slug: 'locations', fault: '/locations', collection: 'locations', items: 3 },
  { slug: 'version', fault: '/versions', collection: 'versions', items: 1 },
];

/**
 * Fills steps 2–9 of a registration whose step 1 is done, saving each as a draft; sends nothing.
 * `header`: the callbacks' authorization header of step 9 (none by default).
 */
export async function fillDraftsWithoutSending(page: Page, registrationId: string, options: { header?: string } = {}) {
  await openStep(page, registrationId, 'info');
  await page.getByLabel('Display name (en-GB)').fill('Drafted app');
  await page.getByLabel('Short description (en-GB)').fill('Manage supplier invoices');
  await page
    .getByLabel('Description (en-GB)', { exact: true })
    .fill('Drafted app helps you manage supplier invoices from receipt to payment, with approval flows, reminders and exports to your accounting software.');
  await page.getByRole('button', { name: /Add fr-BE/ }).click();
  await page.getByLabel('Display name (fr-BE)').fill('Brouillon');
  await page.getByLabel('Short description (fr-BE)').fill('Gérez vos factures fournisseurs');
  await page
    .getByLabel('Description (fr-BE)', { exact: true })
    .fill('Brouillon vous aide à gérer vos factures fournisseurs, de la réception au paiement, avec des circuits d’approbation et des exports comptables.');
  await saveDraftNow(page);

  await openStep(page, registrationId, 'logo');
  await page.getByLabel('Logo file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO_SVG });
  await expect(page.getByRole('img', { name: 'Logo preview' })).toBeVisible();
  await saveDraftNow(page);

  await openStep(page, registrationId, 'media');
  await page.getByLabel('Media files').setInputFiles([
    { name: 'first.png', mimeType: 'image/png', buffer: makePng(160, 90, [31, 95, 209]) },
    { name: 'second.png', mimeType: 'image/png', buffer: makePng(160, 90, [16, 150, 110]) },
  ]);
  await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('listitem')).toHaveCount(2);
  await saveDraftNow(page);

  await openStep(page, registrationId, 'space-types');
  await page.getByRole('checkbox', { name: /^BUSINESS/ }).check();
  await page.getByRole('checkbox', { name: /^PARTNER/ }).check();
  await saveDraftNow(page);

  await openStep(page, registrationId, 'space-segments');
  await page.getByRole('checkbox', { name: /^SME/ }).check();
  await page.getByRole('checkbox', { name: /^ACCOUNTING/ }).check();
  await saveDraftNow(page);

  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^Banqup/ }).check();
  await saveDraftNow(page);

  await openStep(page, registrationId, 'locations');
  for (const [query, name] of [
    ['Belg', 'Belgium BE'],
    ['Nether', 'Netherlands NL'],
    ['Luxem', 'Luxembourg LU'],
  ] as const) {
    await page.getByLabel('Search countries').fill(query);
    await page.getByRole('checkbox', { name }).check();
  }
  await saveDraftNow(page);

  await openStep(page, registrationId, 'version');
  await page.getByLabel('Release note').fill('First release');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await page.getByLabel('Add extension (addUrl)').fill('https://drafted.example/banqup/add');
  if (options.header) await page.getByLabel('Authorization header for the callbacks').fill(options.header);
  await saveDraftNow(page);
}

/** Sends steps 2–9, each once, waiting for Banqup's answer. */
export async function sendAllDrafts(page: Page, registrationId: string) {
  for (const step of DRAFT_STEPS) {
    await openStep(page, registrationId, step.slug);
    await sendButton(page).click();
    await expect(page.getByText(`Sent ${step.items} of ${step.items} call${step.items === 1 ? '' : 's'} to Banqup.`).first()).toBeVisible({ timeout: 20_000 });
  }
}
