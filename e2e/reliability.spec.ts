import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DRAFT_STEPS, fillDraftsWithoutSending, saveDraftNow, startDraftSafely } from './support/drafts';
import { spawnServer, type SpawnedServer } from './support/spawn-server';
import { OWNER_ENTITY_ID, openStep, sandboxState, sendButton } from './support/wizard';

/**
 * Banqup failing on every step of the wizard, in each way it can fail, and the wizard after a
 * retry: the failure is shown on the step, a retry sends what failed, and the sandbox holds each
 * item once. Then two tabs editing one step: a conflict is told, never a silent lost update;
 * and one tab must not conflict with itself.
 */

const TIMEOUT_MS = 1_500;

/** A step's primary action, once it failed: "Retry failed calls", or "Send and continue" after a check at Banqup. */
const primary = (page: Page) => page.getByRole('button', { name: /^(Send and continue|Retry failed calls)$/ });

type Mode = {
  name: string;
  /** The call may have arrived: the step says so and is settled by "Check at Banqup". */
  unknown?: boolean;
  /** How long the sandbox's late answers take to come back (a timeout's), before the check. */
  lateMs?: number;
  /** The sandbox fault: each of the step's calls fails (every attempt of it), or answers too late. */
  fault: (path: string) => Record<string, unknown>;
  /** What the step says about it. */
  message: RegExp;
};

const MODES: Mode[] = [
  {
    // A 500 may come after the item was stored: a POST is not resent and its outcome is unknown
    // (a PUT, the logo, is retried: BANQUP_MAX_ATTEMPTS, 3). Enough faults for every attempt.
    name: 'a 500 after every retry',
    unknown: true,
    fault: (path) => ({ path, status: 500, times: 30 }),
    message: /500 Internal Server Error: Fault injected by the sandbox's fault control \(500\)/,
  },
  {
    // Slower than BANQUP_TIMEOUT_MS; when the late answer comes it is a 503, so nothing is created.
    // The wizard cannot know that: the outcome is unknown until checked at Banqup.
    name: 'a timeout',
    unknown: true,
    lateMs: 3_200,
    fault: (path) => ({ path, status: 503, delayMs: 3_000, times: 30 }),
    message: new RegExp(`did not answer within ${Math.round(TIMEOUT_MS / 1000)} s`),
  },
  {
    // A static token cannot be refreshed: the 401 reaches the user.
    name: 'a 401',
    fault: (path) => ({ path, status: 401, times: 30 }),
    message: /401 Unauthorized/,
  },
];

test.describe('every step survives Banqup failing', () => {
  let server: SpawnedServer;
  let context: BrowserContext;

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    // Its own server: a short per-attempt timeout, and faults that cannot disturb other specs.
    server = await spawnServer({ BANQUP_TIMEOUT_MS: String(TIMEOUT_MS), BANQUP_MAX_ATTEMPTS: '3' });
    context = await browser.newContext({ baseURL: server.baseURL });
  });

  test.afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  test('on steps 2–9, each failure is shown on the step; a retry once Banqup recovers sends each item once', async () => {
    test.setTimeout(180_000);
    const page: Page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    const { registrationId, applicationId } = await startDraftSafely(page, 'Failure app');
    await fillDraftsWithoutSending(page, registrationId);
    const steps = page.getByRole('navigation', { name: 'Registration steps' });

    for (const [index, step] of DRAFT_STEPS.entries()) {
      // Every mode fails every step; each mode is the one directly followed by the successful
      // retry on some of the steps (the last of the rotation).
      const order = [...MODES.slice((index + 1) % MODES.length), ...MODES.slice(0, (index + 1) % MODES.length)];
      await openStep(page, registrationId, step.slug);
      for (const mode of order) {
        await test.step(`${step.slug}: ${mode.name}`, async () => {
          expect((await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data: mode.fault(step.fault) })).status()).toBe(201);
          await primary(page).click();
          await expect(page.getByRole('alert').filter({ hasText: mode.message }).first()).toBeVisible({ timeout: 30_000 });
          if (mode.unknown) {
            await expect(steps.getByText('May have arrived', { exact: true })).toHaveCount(1);
            // Late answers (a timeout's, 3 s) come back before the check reads what the sandbox holds.
            if (mode.lateMs) await page.waitForTimeout(mode.lateMs);
            await page.getByRole('button', { name: 'Check at Banqup' }).click();
            await expect(page.getByText(/^Checked at Banqup: .*not there/).first()).toBeVisible({ timeout: 20_000 });
            await expect(steps.getByText('May have arrived', { exact: true })).toHaveCount(0);
          } else {
            await expect(steps.getByText('Failed', { exact: true })).toHaveCount(1);
            // A 401: the step points to the Connection page, and its primary action retries.
            await expect(page.getByRole('link', { name: 'Check the connection to Banqup' })).toHaveAttribute('href', '/settings');
            await expect(page.getByRole('button', { name: 'Retry failed calls' })).toBeVisible();
          }
          await expect(primary(page)).toBeEnabled();
          // Nothing of the step reached the sandbox.
          const value = (await sandboxState(page, applicationId))[step.collection] as unknown;
          expect(Array.isArray(value) ? value : value ? [value] : [], `${step.collection} after ${mode.name}`).toHaveLength(0);
          expect((await page.request.delete('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' } })).status()).toBe(204);
        });
      }
      await test.step(`${step.slug}: retry after ${order.at(-1)?.name}`, async () => {
        // Banqup has recovered; the user sends again.
        await primary(page).click();
        await expect(page.getByText(`Sent ${step.items} of ${step.items} call${step.items === 1 ? '' : 's'} to Banqup.`).first()).toBeVisible({ timeout: 20_000 });
        await expect(steps.getByText('Failed', { exact: true })).toHaveCount(0);
        await expect(steps.getByText('May have arrived', { exact: true })).toHaveCount(0);
      });
    }

    // The late answers of timed-out calls (3 s) have all come back before the sandbox is read.
    await page.waitForTimeout(3_500);
    const held = await sandboxState(page, applicationId);
    for (const step of DRAFT_STEPS) {
      const value = held[step.collection] as unknown;
      const items = (Array.isArray(value) ? value : value ? [value] : []) as { writes: number }[];
      expect(items, `${step.collection} held by the sandbox`).toHaveLength(step.items);
      for (const item of items) expect(item.writes, `${step.collection}: each item received once`).toBe(1);
    }
    expect(held.infoLocalizations.map((entry) => entry.locale).sort()).toEqual(['en-GB', 'fr-BE']);
    expect(held.locations.map((entry) => entry.countryCode).sort()).toEqual(['BE', 'LU', 'NL']);
    expect(held.versions.map((entry) => entry.version)).toEqual(['1.0.0']);
    // And the wizard agrees: every step sent, nothing failed or pending.
    await page.reload();
    await expect(steps.getByText('Failed', { exact: true })).toHaveCount(0);
    await expect(steps.getByText('Sent', { exact: true })).toHaveCount(DRAFT_STEPS.length);
    await page.close();
  });
});

test('two tabs on one step: the second is told of the conflict, keeps its text, and chooses', async ({ context }) => {
  test.setTimeout(90_000);
  const a = await context.newPage();
  const { registrationId } = await startDraftSafely(a, 'Two tabs app');
  await openStep(a, registrationId, 'info');
  const b = await context.newPage();
  // Reloading with unsaved text asks "Leave site?": the user says yes.
  for (const page of [a, b]) page.on('dialog', (dialog) => void dialog.accept());
  await openStep(b, registrationId, 'info');
  const field = (page: Page) => page.getByLabel('Display name (en-GB)');
  const banner = (page: Page) => page.getByRole('alert').filter({ hasText: 'This step was changed in another tab or by a colleague.' });
  const saved = (page: Page) => page.getByRole('status').filter({ hasText: /^Draft saved at / });

  /** Types into a tab and waits for its autosave's answer (a server action carrying the text). */
  const typeAndWaitForSave = async (page: Page, value: string) => {
    const answered = page.waitForResponse((response) => response.request().method() === 'POST' && Boolean(response.request().headers()['next-action']) && (response.request().postData() ?? '').includes(value));
    await field(page).fill(value);
    await answered;
  };

  /** What the database holds for the field: a fresh page's view of it. */
  const stored = async () => {
    const fresh = await context.newPage();
    await openStep(fresh, registrationId, 'info');
    // The form's values are set once it is hydrated (the server-rendered input is empty).
    await expect(field(fresh)).not.toHaveValue('');
    const value = await field(fresh).inputValue();
    await fresh.close();
    return value;
  };

  // Round 1: A saves first; B, still on the old revision, is told and keeps what it typed.
  await typeAndWaitForSave(a, 'Written in tab A');
  await expect(saved(a)).toBeVisible();
  await field(b).fill('Written in tab B');
  await expect(banner(b)).toBeVisible();
  await expect(field(b)).toHaveValue('Written in tab B');
  await expect(b.getByRole('status').filter({ hasText: 'This step was saved elsewhere' })).toBeVisible();
  await expect(saved(b)).toHaveCount(0);
  expect(await stored()).toBe('Written in tab A');

  // B chooses the other version.
  await banner(b).getByRole('button', { name: 'Reload the other version' }).click();
  await expect(field(b)).toHaveValue('Written in tab A');
  await expect(banner(b)).toHaveCount(0);

  // Round 2: A saves again; B, now stale again, keeps its own deliberately.
  await typeAndWaitForSave(a, 'Tab A, second round');
  await expect(saved(a)).toBeVisible();
  await field(b).fill('Tab B, second round');
  await expect(banner(b)).toBeVisible();
  expect(await stored()).toBe('Tab A, second round');
  await banner(b).getByRole('button', { name: 'Keep mine and save' }).click();
  await expect(banner(b)).toHaveCount(0);
  await expect(saved(b)).toBeVisible();
  await expect(field(b)).toHaveValue('Tab B, second round');
  expect(await stored()).toBe('Tab B, second round');

  // A was overwritten: its next save is a conflict too, not a silent overwrite of B's text.
  await field(a).fill('Tab A, third round');
  await expect(banner(a)).toBeVisible();
  await expect(saved(a)).toHaveCount(0);
  expect(await stored()).toBe('Tab B, second round');

  // Whatever a tab says it saved is what the database holds.
  await banner(a).getByRole('button', { name: 'Keep mine and save' }).click();
  await expect(saved(a)).toBeVisible();
  expect(await stored()).toBe('Tab A, third round');
  await a.close();
  await b.close();
});

/*
 * One tab must not collide with itself: an autosave scheduled before, or typed during, another
 * action of the same step that saves it (step 1's "Create the draft in the sandbox" / "Create the draft
 * through the API", any step's "Send and continue") must go out after that action, with the
 * revision it returned. (Next.js runs a page's server actions one at a time, so an autosave
 * read its revision too early: "This step was changed in another tab or by a colleague." in a
 * single tab, autosave stopped, and "Reload the other version" threw away what was typed.)
 */
test('step 1: "Create the draft in the sandbox" right after typing does not collide with the pending autosave', async ({ page }) => {
  // The Support stand-in answers after 4 s, so the autosave of the typed fields (800 ms after the
  // last key) happens while the draft is being created: what a slow Banqup or network does.
  expect((await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data: { path: '/support/drafts', delayMs: 4_000, times: 1 } })).status()).toBe(201);
  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'Start a registration' }).first().click();
    await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
    await page.getByLabel('App name').fill('Impatient app');
    await page.getByLabel('Namespace').fill('impatient_app');
    await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
    await page.getByRole('button', { name: 'Create the draft in the sandbox' }).click();

    await expect(page.getByLabel('applicationId')).toHaveValue(/^[0-9a-f-]{36}$/, { timeout: 10_000 });
    const applicationId = await page.getByLabel('applicationId').inputValue();
    await expect(page.getByRole('status').filter({ hasText: /^(Unsaved changes…|Saving…)$/ })).toHaveCount(0);
    // The tab did not collide with itself.
    await expect(page.getByText('This step was changed in another tab or by a colleague.')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: /saved elsewhere/ })).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();
    // And the draft app the sandbox created is the one kept.
    await page.reload();
    await expect(page.getByLabel('applicationId')).toHaveValue(applicationId);
    await expect(page.getByRole('navigation', { name: 'Registration steps' }).getByText('applicationId set')).toBeVisible();
  } finally {
    await page.request.delete('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' } });
  }
});

test('typing while a slow send is under way: the new text is autosaved after it, with no conflict', async ({ page }) => {
  const { registrationId } = await startDraftSafely(page, 'Slow send app');
  await openStep(page, registrationId, 'info');
  await page.getByLabel('Display name (en-GB)').fill('Slow send app');
  await page.getByLabel('Short description (en-GB)').fill('Sent while Banqup is slow');
  await page.getByLabel('Description (en-GB)', { exact: true }).fill('An app whose first send takes a while, because Banqup answers slowly, while its developer keeps on typing.');
  await saveDraftNow(page);
  // Banqup takes 5 s to answer (and then accepts).
  expect((await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data: { path: '/infoLocalizations', delayMs: 5_000, times: 1 } })).status()).toBe(201);
  try {
    await sendButton(page).click();
    await expect(page.getByRole('button', { name: 'Sending…' })).toBeVisible();
    await page.getByLabel('Short description (en-GB)').fill('Typed during the send');
    await expect(page.getByText('Sent 1 of 1 call to Banqup.').first()).toBeVisible({ timeout: 20_000 });
    // What was typed during the send is not sent yet: the page stays, its primary action sends it.
    await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/info$`));
    await expect(page.getByRole('status').filter({ hasText: /^(Unsaved changes…|Saving…)$/ })).toHaveCount(0, { timeout: 10_000 });
    await expect(page.getByText('This step was changed in another tab or by a colleague.')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Short description (en-GB)')).toHaveValue('Typed during the send');
    await expect(page.getByRole('navigation', { name: 'Registration steps' }).getByText('Changed since sent', { exact: true })).toBeVisible();
  } finally {
    await page.request.delete('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' } });
  }
});
