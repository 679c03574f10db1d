import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { startDraftSafely } from './support/drafts';

/**
 * An SVG built to be slow to clean must not hold up the server: it is refused (or cleaned)
 * quickly, and other requests are answered meanwhile, because SVGs are checked in a worker
 * thread with limits counted before parsing (lib/uploads/svg.ts, lib/banqup/limits.ts).
 * Before that, 80,000 empty <script/> elements (700 KB) froze every request for minutes.
 */

const NS = 'xmlns="http://www.w3.org/2000/svg"';
/** SVG_MAX_ELEMENTS in lib/banqup/limits.ts. */
const SVG_MAX_ELEMENTS = 20_000;

function upload(request: APIRequestContext, registrationId: string, name: string, bytes: Buffer): Promise<APIResponse> {
  return request.post(`/api/registrations/${registrationId}/assets?kind=logo`, {
    headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    data: bytes,
    timeout: 30_000,
  });
}

/**
 * Starts the upload, and calls /api/health one after the other until the upload is answered.
 * Returns the upload's answer and time, and the time of each health answer.
 */
async function uploadWhileCheckingHealth(request: APIRequestContext, registrationId: string, name: string, bytes: Buffer) {
  const started = performance.now();
  let uploadMs = Number.NaN;
  const pending = upload(request, registrationId, name, bytes).then((response) => {
    uploadMs = performance.now() - started;
    return response;
  });
  const healthMs: number[] = [];
  while (Number.isNaN(uploadMs)) {
    const asked = performance.now();
    const health = await request.get('/api/health', { timeout: 30_000 });
    healthMs.push(performance.now() - asked);
    expect(health.status()).toBe(200);
  }
  return { response: await pending, uploadMs, healthMs };
}

test.describe('a costly SVG does not hold up the server', () => {
  let registrationId = '';

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    ({ registrationId } = await startDraftSafely(page, 'Costly SVG app'));
    await page.close();
  });

  test('80,000 <script/> elements: refused within 1 s, naming the limit, while /api/health answers within 200 ms', async ({ request }) => {
    const bomb = Buffer.from(`<svg ${NS}>${'<script/>'.repeat(80_000)}</svg>`);
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024); // under the logo limit: size alone does not stop it
    // The health route has answered once already (its first call loads it); its time is what is measured.
    expect((await request.get('/api/health')).status()).toBe(200);

    const { response, uploadMs, healthMs } = await uploadWhileCheckingHealth(request, registrationId, 'scripts.svg', bomb);
    expect(response.status()).toBe(422);
    const body = (await response.json()) as { ok: boolean; message: string };
    expect(body.ok).toBe(false);
    expect(body.message).toBe(`This SVG cannot be used: The SVG has more than ${SVG_MAX_ELEMENTS.toLocaleString('en-US')} elements; simplify it or upload a PNG.`);
    expect(uploadMs, 'the upload is answered within 1 s').toBeLessThan(1_000);
    expect(healthMs.length, 'health was asked while the upload was in flight').toBeGreaterThan(0);
    expect(Math.max(...healthMs), `every health answer within 200 ms (${healthMs.map((ms) => Math.round(ms)).join(', ')} ms)`).toBeLessThan(200);
  });

  test('a large file within the limits: cleaned in its worker while /api/health answers within 200 ms', async ({ request }) => {
    // Near the element limit, each element with a handler: the worker needs a few hundred ms for it.
    const elements = Array.from({ length: SVG_MAX_ELEMENTS - 1 }, (_, i) => (i % 2 ? `<rect x="${i}" width="1" height="1" onclick="alert(${i})"/>` : '<g>t<!--c--></g>'));
    const large = Buffer.from(`<svg ${NS}>${elements.join('')}</svg>`);
    expect((await request.get('/api/health')).status()).toBe(200);

    const { response, uploadMs, healthMs } = await uploadWhileCheckingHealth(request, registrationId, 'large.svg', large);
    expect(response.status(), await response.text()).toBe(201);
    const body = (await response.json()) as { ok: boolean; asset: { id: string }; removed: string[] };
    expect(body.removed).toEqual(['onclick attribute on <rect>']);
    const stored = await (await request.get(`/api/assets/${body.asset.id}`)).text();
    expect(stored).not.toMatch(/onclick|alert/);
    expect(stored.match(/<rect /g)).toHaveLength(Math.floor((SVG_MAX_ELEMENTS - 1) / 2));
    // Within the worker's time limit (2 s), with room for the request itself.
    expect(uploadMs, 'the upload is answered within the time limit').toBeLessThan(3_000);
    expect(Math.max(...healthMs), `every health answer within 200 ms (${healthMs.map((ms) => Math.round(ms)).join(', ')} ms)`).toBeLessThan(200);
  });
});
