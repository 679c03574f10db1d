import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { LOGO_SVG, makePng } from './support/images';
import { SERVICE_ACCOUNT, openStep, sandboxState, sendStep, startWithDraft } from './support/wizard';

test.describe.configure({ mode: 'serial' });

test('a new user registers an app end to end, steps 1 to 9', async ({ page }) => {
  test.setTimeout(180_000);
  const { registrationId, applicationId } = await startWithDraft(page);
  await expect(page.getByRole('navigation', { name: 'Registration steps' }).getByText('applicationId set')).toBeVisible();

  // Step 2: two languages, with the store-card preview following what is typed.
  await page.getByRole('link', { name: /2\. App info and languages/ }).first().click();
  await page.getByLabel('Display name (en-GB)').fill('Purchase app');
  await page.getByLabel('Short description (en-GB)').fill('Manage purchase invoices');
  await page.getByLabel('Description (en-GB)', { exact: true }).fill('Purchases app helps you manage your purchase invoices, from receipt to payment, with approval flows and accounting exports.');
  await expect(page.getByRole('region', { name: /Store preview/ })).toContainText('Manage purchase invoices');
  await page.getByRole('button', { name: /Add fr-BE/ }).click();
  await page.getByLabel('Display name (fr-BE)').fill('Application Achats');
  await page.getByLabel('Short description (fr-BE)').fill('Gérez vos factures d’achat');
  await page.getByLabel('Description (fr-BE)', { exact: true }).fill('L’application Achats vous aide à gérer vos factures d’achat, de la réception au paiement.');
  await sendStep(page, /Sent 2 of 2 call/);

  // Step 3: the logo, an SVG, with its preview and facts.
  await openStep(page, registrationId, 'logo');
  await page.getByLabel('Logo file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO_SVG });
  await expect(page.getByRole('img', { name: 'Logo preview' })).toBeVisible();
  await expect(page.getByText('image/svg+xml')).toBeVisible();
  await expect(page.getByText('512×512')).toBeVisible();
  await sendStep(page, /Sent 1 of 1 call/);

  // Step 4: two screenshots, then the second moved first.
  await openStep(page, registrationId, 'media');
  await page.getByLabel('Media files').setInputFiles([
    { name: 'shot-a.png', mimeType: 'image/png', buffer: makePng(1600, 900, [30, 90, 200]) },
    { name: 'shot-b.png', mimeType: 'image/png', buffer: makePng(1600, 900, [200, 90, 30]) },
  ]);
  const gallery = page.getByRole('list', { name: 'Media in display order' });
  await expect(gallery.getByRole('listitem')).toHaveCount(2);
  await expect(gallery.getByRole('listitem').first()).toContainText('shot-a.png');
  await page.getByRole('button', { name: 'Move shot-b.png up' }).click();
  await expect(gallery.getByRole('listitem').first()).toContainText('shot-b.png');
  await sendStep(page, /Sent 2 of 2 call/);

  // Step 5 and 6: segments follow the space types.
  await openStep(page, registrationId, 'space-types');
  await page.getByRole('checkbox', { name: /^BUSINESS/ }).check();
  await sendStep(page);
  await openStep(page, registrationId, 'space-segments');
  await expect(page.getByRole('checkbox', { name: /ACCOUNTING/ })).toHaveCount(0);
  await page.getByRole('checkbox', { name: /^ALL/ }).uncheck();
  await page.getByRole('checkbox', { name: /^SME/ }).check();
  await sendStep(page);

  // Step 7 and 8: brand, and countries found by name.
  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^Banqup/ }).check();
  await sendStep(page);
  await openStep(page, registrationId, 'locations');
  await page.getByLabel('Search countries').fill('Belg');
  await page.getByRole('checkbox', { name: 'Belgium BE' }).check();
  await page.getByLabel('Search countries').fill('nether');
  await page.getByRole('checkbox', { name: 'Netherlands NL' }).check();
  await expect(page.getByText('2 selected')).toBeVisible();
  await sendStep(page, /Sent 2 of 2 call/);

  // Step 9: the version and its manifest.
  await openStep(page, registrationId, 'version');
  await page.getByLabel('Release note').fill('Initial release');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await page.getByRole('button', { name: '+ space / space_read' }).click();
  await page.getByRole('button', { name: '+ space / space_write' }).click();
  await page.getByLabel('Entity').selectOption('urn:btx:L2');
  await page.getByLabel('User').selectOption('urn:btx:L1');
  await page.getByLabel('Add extension (addUrl)').fill('https://purchase.example/banqup/add');
  await page.getByLabel('Remove extension (removeUrl)').fill('https://purchase.example/banqup/remove');
  await page.getByLabel('Authorization header for the callbacks').fill('cb-secret-e2e-5521');
  await sendStep(page, /Sent 1 of 1 call/);

  // Every step 2–9 shows as sent.
  const steps = page.getByRole('navigation', { name: 'Registration steps' });
  await expect(steps.getByText('Sent', { exact: true })).toHaveCount(8);
  await page.screenshot({ path: 'test-results/screenshots/wizard-step-9-sent.png', fullPage: true });

  // The sandbox holds everything, in the right shape and order.
  const held = await sandboxState(page, applicationId);
  expect(held.infoLocalizations.map((l) => l.locale).sort()).toEqual(['en-GB', 'fr-BE']);
  expect(held.logo).toMatchObject({ contentType: 'image/svg+xml', fileName: 'logo.svg' });
  expect(held.medias.map((m) => [m.displayOrder, m.fileName, m.mediaType])).toEqual([
    [1, 'shot-b.png', 'IMAGE'],
    [2, 'shot-a.png', 'IMAGE'],
  ]);
  expect(held.spaceTypes.map((s) => s.spaceType)).toEqual(['BUSINESS']);
  expect(held.spaceSegments.map((s) => s.spaceSegment)).toEqual(['SME']);
  expect(held.brands.map((b) => b.brandName)).toEqual(['Banqup']);
  expect(held.locations.map((l) => [l.countryCode, l.status]).sort()).toEqual([
    ['BE', 'ACTIVE'],
    ['NL', 'ACTIVE'],
  ]);
  expect(held.versions).toHaveLength(1);
  expect(held.versions[0]).toMatchObject({
    version: '1.0.0',
    status: 'VALID',
    manifest: {
      serviceAccount: SERVICE_ACCOUNT,
      accessManagement: { permissions: [{ resource: 'space', scope: 'space_read' }, { resource: 'space', scope: 'space_write' }] },
      minAssuranceLevels: { entity: 'urn:btx:L2', user: 'urn:btx:L1' },
      appCallbacks: { addUrl: 'https://purchase.example/banqup/add', removeUrl: 'https://purchase.example/banqup/remove', authorizationHeaderSha256: createHash('sha256').update('cb-secret-e2e-5521').digest('hex') },
    },
  });
  // Nothing was received twice.
  for (const item of [...held.infoLocalizations, ...held.medias]) expect(item.writes).toBe(1);
});
