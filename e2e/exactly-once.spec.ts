import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { makePng } from './support/images';
import { spawnServer, type SpawnedServer } from './support/spawn-server';
import { OWNER_ENTITY_ID, openStep, sandboxState, sendAndReturn, sendButton, startWithDraft } from './support/wizard';

/**
 * Exactly what the person meant, at Banqup. The sandbox takes the least forgiving reading (a
 * second POST adds a duplicate), and its fault control carries a call out and then times out,
 * drops the connection or answers 504. Under each, Banqup never holds a duplicate the person did
 * not confirm, the page tells the truth, and the summary's At Banqup lists what Banqup holds.
 */

const TIMEOUT_MS = 1_500;

let server: SpawnedServer;
let context: BrowserContext;

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  // Its own server: a short timeout, and faults that cannot disturb other specs.
  server = await spawnServer({ BANQUP_TIMEOUT_MS: String(TIMEOUT_MS), BANQUP_MAX_ATTEMPTS: '3' });
  context = await browser.newContext({ baseURL: server.baseURL });
});
test.afterAll(async () => {
  await context?.close();
  await server?.stop();
});

async function fault(page: Page, data: Record<string, unknown>) {
  expect((await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data })).status()).toBe(201);
}

const steps = (page: Page) => page.getByRole('navigation', { name: 'Registration steps' });
const atBanqup = (page: Page) => page.getByRole('region', { name: 'At Banqup' });

async function pickCountries(page: Page, countries: [string, string][]) {
  for (const [query, name] of countries) {
    await page.getByLabel('Search countries').fill(query);
    await page.getByRole('checkbox', { name }).check();
  }
}

/** The summary's At Banqup rows, as [step, item, state]. */
async function summaryAtBanqup(page: Page, registrationId: string) {
  await page.goto(`/registrations/${registrationId}/summary`);
  const table = page.getByRole('table', { name: 'What Banqup holds' });
  await expect(table).toBeVisible();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td')).slice(0, 3).map((cell) => cell.textContent?.trim() ?? '')));
}

test('a media POST carried out but answered after the timeout: unknown, not resent, settled by checking at Banqup', async () => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  const { registrationId, applicationId } = await startWithDraft(page, 'Late media app');
  await openStep(page, registrationId, 'media');
  await page.getByLabel('Media files').setInputFiles([{ name: 'late.png', mimeType: 'image/png', buffer: makePng(1600, 900, [31, 95, 209]) }]);
  await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('listitem')).toHaveCount(1);
  await fault(page, { path: '/medias', after: true, delayMs: 3_000 });

  await sendButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: /Banqup may have received it: .*did not answer within 2 s/ }).first()).toBeVisible({ timeout: 20_000 });
  await expect(steps(page).getByText('May have arrived', { exact: true })).toBeVisible();
  await expect(atBanqup(page).getByText('Outcome unknown: this call may have arrived at Banqup')).toBeVisible();
  await page.waitForTimeout(2_000); // the late answer has come: the sandbox holds the media
  expect((await sandboxState(page, applicationId)).medias).toHaveLength(1);

  // Send again: nothing goes out while the outcome is unknown.
  await sendButton(page).click();
  await expect(page.getByText(/Not sent: an earlier send of #1 late\.png may have arrived at Banqup/).first()).toBeVisible();
  expect((await sandboxState(page, applicationId)).medias).toHaveLength(1);

  // Check at Banqup: it is there, so it is recorded as held, with Banqup's media id.
  await page.getByRole('button', { name: 'Check at Banqup' }).click();
  await expect(page.getByText(/^Checked at Banqup: 1 found at Banqup/).first()).toBeVisible();
  await expect(steps(page).getByText('Sent', { exact: true })).toHaveCount(1);
  const mediaId = (await sandboxState(page, applicationId)).medias[0] as unknown as { id: string };
  await expect(atBanqup(page).getByText(mediaId.id)).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/exactly-once-media-checked.png', fullPage: true });

  expect(await summaryAtBanqup(page, registrationId)).toEqual([['4. Media', '#1 late.png', 'Held (found at Banqup after an unknown outcome)']]);
  expect((await sandboxState(page, applicationId)).medias).toHaveLength(1);
  await page.close();
});

test('a country POST carried out and the connection dropped: the page says it may have arrived, not that Banqup was unreachable', async () => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  const { registrationId, applicationId } = await startWithDraft(page, 'Dropped app');
  await openStep(page, registrationId, 'locations');
  await pickCountries(page, [['Belg', 'Belgium BE']]);
  await fault(page, { path: '/locations', after: true, drop: true });

  await sendButton(page).click();
  const alert = page.getByRole('alert').filter({ hasText: /Banqup may have received it/ }).first();
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(alert).toContainText(/may have arrived|arrived, and may have been carried out/);
  await expect(alert).not.toContainText('could not be reached');
  expect((await sandboxState(page, applicationId)).locations.map((l) => l.countryCode)).toEqual(['BE']);

  await sendButton(page).click();
  await expect(page.getByText(/Not sent: an earlier send of Belgium \(BE\) may have arrived/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Check at Banqup' }).click();
  await expect(page.getByText(/^Checked at Banqup: 1 found at Banqup/).first()).toBeVisible();
  // Banqup holds everything now: the primary action only moves on, and nothing goes out.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/version$`));
  expect((await sandboxState(page, applicationId)).locations.map((l) => l.countryCode)).toEqual(['BE']);
  expect(await summaryAtBanqup(page, registrationId)).toEqual([['8. Locations', 'Belgium (BE)', 'Held (found at Banqup after an unknown outcome)']]);
  await page.close();
});

test('a country POST carried out and answered 504: never resent automatically; sent again only when confirmed', async () => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  const { registrationId, applicationId } = await startWithDraft(page, 'Gateway app');
  await openStep(page, registrationId, 'locations');
  await pickCountries(page, [
    ['Belg', 'Belgium BE'],
    ['Nether', 'Netherlands NL'],
  ]);
  await fault(page, { path: '/locations', after: true, status: 504, style: 'html', times: 1 });

  await sendButton(page).click();
  await expect(page.getByText(/1 of 2 calls failed \(1 may have arrived\); 1 succeeded/).first()).toBeVisible({ timeout: 20_000 });
  // Both are at Banqup (the 504 came after the call was carried out), each once: no automatic resend.
  const countries = async () => (await sandboxState(page, applicationId)).locations.map((l) => l.countryCode).sort();
  expect(await countries()).toEqual(['BE', 'NL']);

  // "Send again anyway" says what a duplicate means and asks; Cancel sends nothing.
  const unknownLabel = (await atBanqup(page).getByRole('button', { name: /again anyway…$/ }).textContent()) ?? '';
  await atBanqup(page).getByRole('button', { name: /again anyway…$/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: /will hold .* twice, and no API call can remove either/ })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  expect(await countries()).toEqual(['BE', 'NL']);

  await atBanqup(page).getByRole('button', { name: /again anyway…$/ }).click();
  await page.getByRole('button', { name: /^Yes, send .* again$/ }).click();
  await expect(page.getByText('Sent 1 of 1 call to Banqup.').first()).toBeVisible({ timeout: 20_000 });
  // The duplicate the person confirmed, and only that one; the wizard shows it may be there twice.
  const duplicated = unknownLabel.includes('(BE)') ? 'BE' : 'NL';
  expect(await countries()).toEqual(['BE', 'NL', duplicated].sort());
  await expect(atBanqup(page).getByText('May be at Banqup (sent again anyway after an unknown outcome)')).toBeVisible();
  const rows = await summaryAtBanqup(page, registrationId);
  expect(rows.filter(([, , state]) => state?.startsWith('Held'))).toHaveLength(2);
  expect(rows.filter(([, , state]) => state?.startsWith('May be at Banqup'))).toHaveLength(1);
  await expect(page.getByRole('region', { name: 'Readiness' }).getByText(/Banqup may hold .* twice/)).toBeVisible();
  await page.close();
});

test('a brand change after sending asks first, and Banqup then keeps both, as the page says', async () => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  const { registrationId, applicationId } = await startWithDraft(page, 'Brand app');
  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^Banqup/ }).check();
  await sendAndReturn(page, /^Sent 1 of 1 call to Banqup\.$/);

  await page.getByRole('radio', { name: /^Jefacture/ }).check();
  await sendButton(page).click();
  const confirm = page.getByRole('alert').filter({ hasText: 'Nothing was sent yet. This send does more than add what is new:' });
  await expect(confirm).toContainText('Adds Jefacture; Banqup keeps Banqup, which no API call can remove.');
  await page.screenshot({ path: 'test-results/screenshots/exactly-once-brand-confirm.png', fullPage: true });
  await confirm.getByRole('button', { name: 'Cancel: send nothing' }).click();
  expect((await sandboxState(page, applicationId)).brands.map((b) => b.brandName)).toEqual(['Banqup']);

  await sendButton(page).click();
  await confirm.getByRole('button', { name: 'Send and accept this' }).click();
  // Only once accepted does the page move on.
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/locations$`));
  await expect(steps(page).getByText('Banqup holds more', { exact: true })).toBeVisible();
  expect((await sandboxState(page, applicationId)).brands.map((b) => b.brandName)).toEqual(['Banqup', 'Jefacture']);
  await openStep(page, registrationId, 'brand');
  await expect(atBanqup(page).getByRole('note')).toContainText('Left at Banqup: Banqup');
  expect(await summaryAtBanqup(page, registrationId)).toEqual([
    ['7. Brand', 'Banqup', 'Held, no longer wanted: left at Banqup, ask Support to remove'],
    ['7. Brand', 'Jefacture', 'Held'],
  ]);
  await page.close();
});

test('a media reorder after sending is offered as new media, or not at all', async () => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  const { registrationId, applicationId } = await startWithDraft(page, 'Reorder app');
  await openStep(page, registrationId, 'media');
  await page.getByLabel('Media files').setInputFiles([
    { name: 'one.png', mimeType: 'image/png', buffer: makePng(1600, 900, [31, 95, 209]) },
    { name: 'two.png', mimeType: 'image/png', buffer: makePng(1600, 900, [16, 150, 110]) },
  ]);
  await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('listitem')).toHaveCount(2);
  await sendAndReturn(page, /^Sent 2 of 2 calls to Banqup\.$/);

  await page.getByRole('button', { name: 'Move two.png up' }).click();
  await sendButton(page).click();
  const confirm = page.getByRole('alert').filter({ hasText: 'Nothing was sent yet.' });
  await expect(confirm).toContainText('Creates 2 new media at positions already taken (Banqup has no reorder or delete call); the 2 sent before stay at Banqup.');
  await confirm.getByRole('button', { name: 'Cancel: send nothing' }).click();
  const media = async () => (await sandboxState(page, applicationId)).medias.map((m) => [m.displayOrder, m.fileName]);
  expect(await media()).toEqual([
    [1, 'one.png'],
    [2, 'two.png'],
  ]);
  await expect(steps(page).getByText('Changed since sent', { exact: true })).toBeVisible();
  expect(await summaryAtBanqup(page, registrationId)).toEqual([
    ['4. Media', '#1 one.png', 'Held, no longer wanted: left at Banqup, ask Support to remove'],
    ['4. Media', '#2 two.png', 'Held, no longer wanted: left at Banqup, ask Support to remove'],
  ]);
  await page.close();
});

test('a country removed after sending stays at Banqup, and the step and the summary say so', async () => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  const { registrationId, applicationId } = await startWithDraft(page, 'Removed country app');
  await openStep(page, registrationId, 'locations');
  await pickCountries(page, [
    ['Belg', 'Belgium BE'],
    ['Nether', 'Netherlands NL'],
  ]);
  await sendAndReturn(page, /^Sent 2 of 2 calls to Banqup\.$/);

  await page.getByRole('button', { name: 'Remove Netherlands' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();
  // Nothing to send (Banqup holds Belgium; nothing removes Netherlands): the primary action only moves on.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/version$`));
  await openStep(page, registrationId, 'locations');
  await expect(steps(page).getByText('Banqup holds more', { exact: true })).toBeVisible();
  await expect(atBanqup(page).getByRole('note')).toContainText('Left at Banqup: Netherlands (NL)');
  expect((await sandboxState(page, applicationId)).locations.map((l) => l.countryCode).sort()).toEqual(['BE', 'NL']);
  expect(await summaryAtBanqup(page, registrationId)).toEqual([
    ['8. Locations', 'Belgium (BE)', 'Held'],
    ['8. Locations', 'Netherlands (NL)', 'Held, no longer wanted: left at Banqup, ask Support to remove'],
  ]);
  await expect(page.getByRole('region', { name: 'Readiness' }).getByText('Locations: Banqup holds 1 item no longer wanted')).toBeVisible();
  // The export carries the same.
  const exported = (await (await page.request.get(`/registrations/${registrationId}/export`)).json()) as { atBanqup: { step: number; held: { label: string; wanted: boolean }[] }[] };
  expect(exported.atBanqup.find((view) => view.step === 8)?.held.map((item) => [item.label, item.wanted])).toEqual([
    ['Belgium (BE)', true],
    ['Netherlands (NL)', false],
  ]);
  await page.close();
});

test('a failed draft creation after typing: everything typed is still there after a reload', async () => {
  test.setTimeout(60_000);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a registration' }).first().click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  await fault(page, { path: '/v2/applications', status: 400, style: 'banqup', detail: 'ownerEntityId is not a legal entity' });
  // Banqup's own example, typed and sent at once (no autosave has run yet).
  await page.getByLabel('App name').fill('My-app');
  await page.getByLabel('Namespace').fill('com.unifiedpost.btx');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  await page.getByRole('button', { name: 'Create the draft through the API' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'ownerEntityId is not a legal entity' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('App name')).toHaveValue('My-app');
  await expect(page.getByLabel('Namespace')).toHaveValue('com.unifiedpost.btx');
  await expect(page.getByLabel('ownerEntityId (legal entity id)')).toHaveValue(OWNER_ENTITY_ID);

  // Banqup's documented example is accepted: the draft is created.
  await page.getByRole('button', { name: 'Create the draft through the API' }).click();
  await expect(page.getByLabel('applicationId')).toHaveValue(/^[0-9a-f-]{36}$/);
  await page.close();
});
