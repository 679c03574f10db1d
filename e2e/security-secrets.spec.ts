import { expect, test, type Page } from '@playwright/test';
import { SERVICE_ACCOUNT, openStep, sendButton, startWithDraft } from './support/wizard';

/**
 * Secrets that Banqup quotes back in an error (escaped, encoded) never reach the browser: not
 * in the toast, the field errors, the step pages, the summary with its journal, a review link,
 * nor the JSON exports. Against the production build in sandbox mode, whose fault control
 * answers with the detail and field errors the test chooses.
 */

/** With `/` and `+`, so that JSON and URL escaping change it. */
const HEADER = 'cb/secret+4410==';
/** The sandbox's static token, the app's bearer token in sandbox mode. */
const SANDBOX_TOKEN = 'sandbox-token';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** JSON escapes as an encoder may write them: `\/`, and `\uXXXX` for `+`. */
const jsonEscaped = (secret: string) => secret.replace(/\//g, '\\/').replace(/\+/g, '\\u002B');
const unicodeEscaped = (secret: string) => [...secret].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/** Every form of a secret that must not be in what the browser receives. */
function encodings(secret: string): string[] {
  return [
    secret,
    jsonEscaped(secret),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    // Escaped once more, as it would be inside a JSON string of a JSON string (RSC payloads).
    jsonEscaped(secret).replace(/\\/g, '\\\\'),
    unicodeEscaped(secret),
    unicodeEscaped(secret).replace(/\\/g, '\\\\'),
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    base64(secret),
    base64url(secret),
    base64(`Bearer ${secret}`),
    base64url(`Bearer ${secret}`),
  ];
}

async function fault(page: Page, data: Record<string, unknown>) {
  const response = await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data });
  expect(response.status()).toBe(201);
}

test.afterEach(async ({ page }) => {
  await page.request.delete('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' } });
});

/** Every response body (and its headers) the page receives from now on, apart from the sandbox's. */
function captureResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname.startsWith('/sandbox/')) return; // the app's stand-in for Banqup, not the app
    try {
      bodies.push(`${response.url()}\n${JSON.stringify(await response.allHeaders())}\n${await response.text()}`);
    } catch {
      // redirects and aborted requests have no body
    }
  });
  return bodies;
}

/**
 * The pages and documents that show what was sent and answered: the step, the summary with
 * its journal, a read-only review link, and both JSON exports. Returns their texts.
 */
async function visitEverything(page: Page, registrationId: string, stepSlug: string): Promise<{ texts: string[]; summary: string; exported: string }> {
  const texts: string[] = [];
  await openStep(page, registrationId, stepSlug);
  await page.waitForLoadState('networkidle');
  texts.push(await page.content());
  await openStep(page, registrationId, 'summary');
  await page.getByText(/^Show the journal: \d+ calls?$/).click();
  await expect(page.getByRole('list', { name: 'API calls' })).toBeVisible();
  const summary = (await page.getByRole('list', { name: 'API calls' }).textContent()) ?? '';
  texts.push(await page.content());

  const exportedResponse = await page.request.get(`/registrations/${registrationId}/export`);
  expect(exportedResponse.status()).toBe(200);
  const exported = await exportedResponse.text();
  texts.push(exported);

  await page.getByRole('button', { name: 'Create a review link' }).click();
  const link = await page.getByLabel(/^Review link \(shown once/).inputValue();
  await page.goto(link);
  await page.waitForLoadState('networkidle');
  texts.push(await page.content());
  const reviewExport = await page.request.get(`${new URL(link).pathname}/export`);
  expect(reviewExport.status()).toBe(200);
  texts.push(await reviewExport.text());
  return { texts, summary, exported };
}

function expectNone(texts: string[], secret: string) {
  for (const text of texts) {
    for (const encoded of encodings(secret)) expect(text.includes(encoded), `${text.slice(0, 120)}… contains ${encoded}`).toBe(false);
  }
}

test("the callback header quoted back by Banqup in a 400 (escaped, base64) reaches no page, toast, journal or export", async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId } = await startWithDraft(page, 'Quoted header app');
  const bodies = captureResponses(page);

  await openStep(page, registrationId, 'version');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await page.getByLabel('Add extension (addUrl)').fill('https://purchase.example/banqup/add');
  await page.getByLabel('Authorization header for the callbacks').fill(HEADER);
  await expect(page.getByRole('status').filter({ hasText: /Draft saved/ })).toBeVisible();

  await fault(page, {
    path: '/versions',
    status: 400,
    style: 'banqup',
    times: 1,
    detail: `The callback header ${jsonEscaped(HEADER)} (Basic ${base64(HEADER)}, sent as ${base64(`Bearer ${HEADER}`)}) is not accepted`,
    errors: [
      { field: 'manifest.appCallbacks.security.authorizationHeader', message: `${unicodeEscaped(HEADER)} is too weak` },
      { field: 'manifest.appCallbacks.addUrl', message: `must not carry ${encodeURIComponent(HEADER)}` },
    ],
  });
  await sendButton(page).click();
  const toast = page.getByText(/Banqup did not accept it: 400/).first();
  await expect(toast).toBeVisible({ timeout: 20_000 });
  const toastText = await toast.innerText();

  const { texts, summary, exported } = await visitEverything(page, registrationId, 'version');
  await page.waitForLoadState('networkidle');
  expect(bodies.length).toBeGreaterThan(5);
  expectNone([...bodies, ...texts, toastText], HEADER);
  // Only the header's text is gone: the toast, the journal and the export still say what Banqup said.
  expect(toastText).toMatch(/The callback header \[redacted\] \(Basic \[redacted\], sent as \[redacted\]\) is not accepted/);
  expect(summary).toMatch(/The callback header \[redacted\]/);
  expect(exported).toMatch(/The callback header \[redacted\]/);
});

test('the bearer token quoted back escaped or encoded reaches no page, toast, journal or export', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId } = await startWithDraft(page, 'Quoted token app');
  const bodies = captureResponses(page);

  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^Banqup/ }).check();
  await expect(page.getByRole('status').filter({ hasText: /Draft saved/ })).toBeVisible();
  await fault(page, {
    path: '/brands',
    status: 400,
    style: 'problem',
    times: 1,
    detail: `Bearer ${unicodeEscaped(SANDBOX_TOKEN)} is not allowed here (Authorization: Basic ${base64(`Bearer ${SANDBOX_TOKEN}`)}, token ${base64url(SANDBOX_TOKEN)})`,
    errors: [{ field: 'brandName', message: `was sent with s\\u0061ndbox\\u002dtoken` }],
  });
  await sendButton(page).click();
  const toast = page.getByText(/Banqup did not accept it: 400/).first();
  await expect(toast).toBeVisible({ timeout: 20_000 });
  const toastText = await toast.innerText();

  const { texts, summary, exported } = await visitEverything(page, registrationId, 'brand');
  await page.waitForLoadState('networkidle');
  expect(bodies.length).toBeGreaterThan(5);
  expectNone([...bodies, ...texts, toastText], SANDBOX_TOKEN);
  expect(toastText).toMatch(/Bearer \[redacted\] is not allowed here \(Authorization: Basic \[redacted\], token \[redacted\]\)/);
  expect(summary).toMatch(/Bearer \[redacted\] is not allowed here/);
  expect(exported).toMatch(/Bearer \[redacted\] is not allowed here/);
});
