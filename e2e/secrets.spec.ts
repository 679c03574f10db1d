import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { SERVICE_ACCOUNT, openStep, sandboxState, sendAndReturn, sendStep, startWithDraft } from './support/wizard';

const HEADER = 'cb-header-secret-7f3a9e';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('the callbacks authorization header never reaches the browser after it is saved', async ({ page }) => {
  test.setTimeout(90_000);
  const { registrationId, applicationId } = await startWithDraft(page, 'Secret app');
  await openStep(page, registrationId, 'version');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await page.getByLabel('Add extension (addUrl)').fill('https://secret.example/add');
  await page.getByLabel('Authorization header for the callbacks').fill(HEADER);
  await sendAndReturn(page, /Sent 1 of 1 call/);
  expect((await sandboxState(page, applicationId)).versions[0]?.manifest).toMatchObject({ appCallbacks: { authorizationHeaderSha256: sha256(HEADER) } });

  // From here on, capture everything the browser receives.
  const bodies: string[] = [];
  page.on('response', async (response) => {
    if (response.url().includes('/sandbox/')) return; // the test's own read of the sandbox
    try {
      bodies.push(`${response.url()}\n${JSON.stringify(await response.allHeaders())}\n${await response.text()}`);
    } catch {
      // redirects and aborted requests have no body
    }
  });
  await page.reload();
  await expect(page.getByLabel('Authorization header for the callbacks')).toHaveValue('');
  await expect(page.getByText(/A header is saved \(•+, 23 characters\)/)).toBeVisible();
  // Change something else: autosave, then send a new version; the saved header is kept.
  await page.getByLabel('Version', { exact: true }).fill('1.1.0');
  await page.getByLabel('Release note').fill('Second release');
  await sendStep(page, /Sent 1 of 1 call/);
  for (const slug of ['draft', 'info', 'logo', 'media', 'space-types', 'space-segments', 'brand', 'locations', 'version']) await openStep(page, registrationId, slug);
  await page.goto('/');
  await page.waitForLoadState('networkidle');

  expect(bodies.length).toBeGreaterThan(10);
  for (const body of bodies) expect(body).not.toContain(HEADER);
  const versions = (await sandboxState(page, applicationId)).versions;
  expect(versions.map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
  expect(versions[1]?.manifest).toMatchObject({ appCallbacks: { authorizationHeaderSha256: sha256(HEADER) } });
});
