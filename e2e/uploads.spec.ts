import { expect, test } from '@playwright/test';
import { MALICIOUS_SVG, makePng } from './support/images';
import { openStep, sandboxState, sendStep, startWithDraft } from './support/wizard';

test('a malicious SVG is sanitised before it is stored, previewed or sent', async ({ page }) => {
  const { registrationId, applicationId } = await startWithDraft(page, 'Upload app');
  await openStep(page, registrationId, 'logo');
  let alerted = false;
  page.on('dialog', async (dialog) => {
    if (dialog.type() !== 'beforeunload') alerted = true;
    await dialog.dismiss();
  });
  await page.getByLabel('Logo file').setInputFiles({ name: 'evil.svg', mimeType: 'image/svg+xml', buffer: MALICIOUS_SVG });
  await expect(page.getByRole('status').filter({ hasText: 'The SVG was cleaned' })).toContainText('<script> element');
  await expect(page.getByRole('status').filter({ hasText: 'The SVG was cleaned' })).toContainText('onload attribute');
  const preview = page.getByRole('img', { name: 'Logo preview' });
  await expect(preview).toBeVisible();

  const src = (await preview.getAttribute('src')) ?? '';
  const asset = await page.request.get(src);
  const stored = await asset.text();
  expect(stored).not.toMatch(/<script|onload|javascript:|evil\.example/i);
  expect(stored).toContain('<rect');
  expect(asset.headers()['content-security-policy']).toContain('sandbox');
  expect(asset.headers()['x-content-type-options']).toBe('nosniff');

  // Rendered in the page, the stored file runs nothing.
  await page.waitForTimeout(300);
  expect(alerted).toBe(false);

  await sendStep(page, /Sent 1 of 1 call/);
  expect((await sandboxState(page, applicationId)).logo).toMatchObject({ contentType: 'image/svg+xml' });
});

test('an oversized file and a renamed non-image are refused with a clear message', async ({ page }) => {
  const { registrationId } = await startWithDraft(page, 'Refusal app');
  await openStep(page, registrationId, 'logo');

  // Over the logo limit (2 MB): the dropzone refuses it before uploading.
  const big = Buffer.concat([makePng(16, 16, [0, 0, 0]), Buffer.alloc(2 * 1024 * 1024)]);
  await page.getByLabel('Logo file').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
  await expect(page.getByRole('alert').filter({ hasText: 'huge.png: larger than the limit of 2.00 MB' })).toBeVisible();

  // The server refuses it too, by its Content-Length, without the browser's help.
  const direct = await page.request.post(`/api/registrations/${registrationId}/assets?kind=logo`, {
    headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream' },
    data: big,
  });
  expect(direct.status()).toBe(413);

  // A Windows executable renamed to .png: its content decides.
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(512)]);
  await page.getByLabel('Logo file').setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: exe });
  await expect(page.getByRole('alert').filter({ hasText: 'screenshot.png: This is not an SVG, PNG, JPEG or WebP image' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Logo preview' })).toHaveCount(0);

  // A cross-site upload is refused.
  const crossSite = await page.request.post(`/api/registrations/${registrationId}/assets?kind=logo`, {
    headers: { 'content-type': 'application/octet-stream', origin: 'https://evil.example' },
    data: makePng(16, 16, [0, 0, 0]),
  });
  expect(crossSite.status()).toBe(403);
});
