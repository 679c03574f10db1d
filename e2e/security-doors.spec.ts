import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { makePng } from './support/images';
import { spawnServer, type SpawnedServer } from './support/spawn-server';
import { startWithDraft } from './support/wizard';

/**
 * The doors of the app: it answers only to its own host names (DNS rebinding), a review link
 * reads and nothing else, the sandbox's control cannot be driven from another site, NUL
 * characters get a message instead of a 500, every answer carries the security headers, the
 * image optimizer is closed, and uploads are bounded by a quota and a rate.
 */

/** Raw HTTP with any Host header (a browser under a rebinding name sends its own name). */
function raw(baseURL: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(baseURL);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

test('a foreign Host (DNS rebinding) gets 421 on pages, actions, /api, /sandbox and /_next; our names work', async ({ page, baseURL }) => {
  const base = baseURL ?? '';
  const { registrationId } = await startWithDraft(page, 'Rebinding app');
  const port = new URL(base).port;
  const rebound = { host: `attacker.example:${port}` };
  for (const [path, method, headers] of [
    ['/', 'GET', {}],
    [`/registrations/${registrationId}/version`, 'GET', {}],
    [`/registrations/${registrationId}/version`, 'POST', { 'next-action': 'x'.repeat(42), 'content-type': 'text/plain;charset=UTF-8', origin: `http://attacker.example:${port}` }],
    ['/api/health', 'GET', {}],
    [`/registrations/${registrationId}/export`, 'GET', {}],
    ['/sandbox/servicemngmt/v1/applications/2aa7c756-6d55-44b6-9b60-06212611cfd6', 'GET', { authorization: 'Bearer sandbox-token' }],
    ['/sandbox/control/faults', 'GET', { 'x-sandbox-control': '1' }],
    ['/_next/static/chunks/webpack.js', 'GET', {}],
    // The upload route checks the host itself (the proxy leaves it alone to keep streaming).
    [`/api/registrations/${registrationId}/assets?kind=logo`, 'POST', { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream' }],
  ] as const) {
    const answer = await raw(base, path, { method, headers: { ...rebound, ...headers }, body: method === 'POST' ? '[]' : undefined });
    expect(answer.status, `${method} ${path}`).toBe(421);
    expect(answer.body).toMatch(/does not answer to the Host "attacker\.example:\d+"/);
    expect(answer.body, `${method} ${path}: nothing of the app`).not.toContain(registrationId);
  }
  // A foreign X-Forwarded-Host is refused too (Next.js checks actions' Origin against it).
  expect((await raw(base, '/api/health', { headers: { host: `127.0.0.1:${port}`, 'x-forwarded-host': 'attacker.example' } })).status).toBe(421);
  // Our own names: loopback, by name or address.
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect((await raw(base, '/api/health', { headers: { host } })).status, host).toBe(200);
});

test('ALLOWED_HOSTS and APP_URL add names; anything else is still refused', async () => {
  test.setTimeout(60_000);
  // Names beyond loopback serve others: that takes a sign-in (AUTH_MODE=none refuses to start).
  const server: SpawnedServer = await spawnServer({
    ALLOWED_HOSTS: 'wizard.corp.example,*.preview.example',
    AUTH_MODE: 'proxy',
    AUTH_PROXY_HEADER: 'X-Test-User',
    TRUSTED_PROXIES: '127.0.0.2/32',
  });
  try {
    for (const [host, status] of [
      ['wizard.corp.example', 200],
      ['pr-7.preview.example', 200],
      ['preview.example', 421],
      ['wizard.corp.example.attacker.example', 421],
    ] as const) {
      expect((await raw(server.baseURL, '/api/health', { headers: { host } })).status, host).toBe(status);
    }
  } finally {
    await server.stop();
  }
});

test('a review link reads and nothing else: no action is taken there, and it offers no way into the app', async ({ page, browser, baseURL }) => {
  const { registrationId } = await startWithDraft(page, 'Review scope app');
  await page.goto(`/registrations/${registrationId}/summary`);
  await page.getByRole('button', { name: 'Create a review link' }).click();
  const link = await page.getByLabel(/^Review link \(shown once; works until /).inputValue();
  const path = new URL(link).pathname;

  // Any server action posted to the review page (as the page would post it) is refused by method.
  for (const body of [JSON.stringify([registrationId, 9, {}, 0]), JSON.stringify([{ registrationId, decision: 'approved', comment: '', reviewer: 'x' }])]) {
    const answer = await raw(baseURL ?? '', path, {
      method: 'POST',
      headers: { host: new URL(link).host, 'next-action': 'a'.repeat(42), 'content-type': 'text/plain;charset=UTF-8', origin: new URL(link).origin },
      body,
    });
    expect(answer.status).toBe(405);
  }

  const reviewer = await browser.newPage();
  await reviewer.goto(link);
  await expect(reviewer.getByRole('heading', { level: 1, name: 'Review scope app' })).toBeVisible();
  await expect(reviewer.getByRole('link', { name: 'Registrations' })).toHaveCount(0);
  await expect(reviewer.getByRole('link', { name: 'Connection' })).toHaveCount(0);
  await expect(reviewer.getByRole('link', { name: 'Banqup Store wizard' })).toHaveCount(0);
  // Its links stay within the review (the journal's pages), none leads to the app.
  const hrefs = await reviewer.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) expect(href.startsWith('/') && !href.startsWith(path) && !href.startsWith('/review/'), href).toBe(false);
  await reviewer.close();

  // Revoked one by one: the link stops working.
  await page.reload();
  await page.getByRole('list', { name: 'Active review links' }).getByRole('button', { name: /^Revoke link / }).click();
  await expect(page.getByText('No link yet.')).toBeVisible();
  expect((await page.request.get(link)).status()).toBe(404);
});

test('the sandbox control cannot be driven without its header, nor by a form posing as JSON', async ({ request }) => {
  const body = JSON.stringify({ path: '/brands', status: 500, times: 1000 });
  expect((await request.post('/sandbox/control/faults', { headers: { 'content-type': 'application/x-www-form-urlencoded;+json' }, data: body })).status()).toBe(403);
  expect((await request.post('/sandbox/control/faults', { headers: { 'content-type': 'text/plain' }, data: body })).status()).toBe(403);
  expect(
    (await request.post('/sandbox/control/faults', { headers: { 'content-type': 'application/x-www-form-urlencoded;+json', 'x-sandbox-control': '1' }, data: body })).status(),
  ).toBe(415);
  const faults = await request.get('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' } });
  expect(((await faults.json()) as { faults: unknown[] }).faults).toEqual([]);
});

test('NUL characters get a clear answer, never a 500', async ({ page }) => {
  expect((await page.goto('/?q=%00'))?.status()).toBe(200);
  expect((await page.goto('/?q=abc%00def'))?.status()).toBe(200);
  const { registrationId } = await startWithDraft(page, 'NUL app');
  await page.goto(`/registrations/${registrationId}/summary`);
  await page.getByLabel('Your name').fill('Ada');
  await page.getByLabel('Comment').fill('before\u0000after');
  await page.getByRole('button', { name: 'Request changes' }).click();
  await expect(page.getByText(/contains a NUL character/).first()).toBeVisible();
  // A draft with a NUL: the step says so, and keeps the text.
  await page.goto(`/registrations/${registrationId}/info`);
  await page.getByLabel('Display name (en-GB)').fill('Na\u0000me');
  await expect(page.getByRole('status').filter({ hasText: /contains a NUL character/ })).toBeVisible();
});

test('every answer carries the security headers; the image optimizer is closed', async ({ request }) => {
  for (const path of ['/api/no-such-route', '/api/health', '/no-such-page', '/sandbox/no-such-route']) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['x-frame-options'], path).toBe('DENY');
  }
  const png = makePng(64, 64, [10, 20, 30]);
  expect(png.length).toBeGreaterThan(0);
  expect((await request.get('/_next/image?url=%2Ficon.svg&w=64&q=75')).status()).toBe(404);
});

test('uploads are bounded: a quota per registration, and a rate per client', async ({ browser }) => {
  test.setTimeout(90_000);
  const server: SpawnedServer = await spawnServer({ STORAGE_QUOTA_MB: '1' });
  const context = await browser.newContext({ baseURL: server.baseURL });
  try {
    const page = await context.newPage();
    const { registrationId } = await startWithDraft(page, 'Quota app');
    const upload = (bytes: Buffer, name: string) =>
      page.request.post(`/api/registrations/${registrationId}/assets?kind=media`, {
        headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': name },
        data: bytes,
      });
    // Noise keeps the PNGs from compressing: each is about 400 KB.
    const big = (seed: number) => makePng(400, 340, [seed, 255 - seed, 128], { noise: true });
    expect(big(1).length).toBeGreaterThan(350_000);
    expect((await upload(big(1), 'one.png')).status()).toBe(201);
    expect((await upload(big(2), 'two.png')).status()).toBe(201);
    const refused = await upload(big(3), 'three.png');
    expect(refused.status()).toBe(413);
    expect(((await refused.json()) as { message: string }).message).toMatch(/would pass its limit of 1\.0 MB/);

    // The rate: small files, past 30 a minute from one client.
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await upload(makePng(4, 4, [i, i, i]), `tiny-${i}.png`)).status());
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    const limited = await upload(makePng(4, 4, [1, 1, 1]), 'again.png');
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
  } finally {
    await context.close();
    await server.stop();
  }
});
