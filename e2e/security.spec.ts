import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { DRAFT_STEPS, fillDraftsWithoutSending, sendAllDrafts, startDraftSafely } from './support/drafts';
import {
  ACTIVE_SVG_CONTENT,
  BILLION_LAUGHS_SVG,
  HOSTILE_SVGS,
  PNG_HTML_POLYGLOT,
  RENAMED_EXECUTABLE,
  VALID_PNG_HTML_POLYGLOT,
  XXE_SVG,
  pngClaiming,
} from './support/hostile-files';
import { LOGO_SVG, makePng } from './support/images';
import { distDir, spawnServer } from './support/spawn-server';
import { openStep } from './support/wizard';

/**
 * What an attacker, a curious browser or a log reader can get out of the app: no secret in
 * anything the browser receives or the server prints; hostile uploads refused or defused; the
 * security headers on every page; server actions refusing other origins.
 * (`npm audit` is run by .ci/run, not here: its registry endpoint may be unreachable.)
 */

const LOGO_MAX_BYTES = 2 * 1024 * 1024;
const MEDIA_MAX_BYTES = 5 * 1024 * 1024;

type Upload = { kind: 'logo' | 'media'; name: string; bytes: Buffer };

function upload(request: APIRequestContext, registrationId: string, { kind, name, bytes }: Upload, headers: Record<string, string> = {}): Promise<APIResponse> {
  return request.post(`/api/registrations/${registrationId}/assets?kind=${kind}`, {
    headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name), ...headers },
    data: bytes,
  });
}

/** A refusal: the status, and a JSON body that says why. */
async function expectRefused(response: APIResponse, status: number, what: string) {
  expect(response.status(), `${what}: status`).toBe(status);
  expect(response.headers()['content-type'], `${what}: a JSON answer`).toMatch(/^application\/json/);
  const body = (await response.json()) as { ok: unknown; message: unknown };
  expect(body.ok, what).toBe(false);
  expect(typeof body.message === 'string' && body.message.length > 10, `${what}: a clear message (${String(body.message)})`).toBe(true);
  return body.message as string;
}

/** The headers every served upload carries: nothing in it can run, even opened on its own. */
function expectInertAsset(headers: Record<string, string>, what: string) {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, `${what}: CSP`).toMatch(/(^|;)\s*sandbox\s*(;|$)/);
  expect(csp, `${what}: CSP`).toMatch(/(^|;)\s*default-src 'none'\s*(;|$)/);
  expect(csp, `${what}: no script source`).not.toMatch(/script-src/);
  expect(headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
}

/** Raw HTTP, for what Playwright's request API cannot send: a body streamed without a length, or a length that lies. */
function rawPost(url: string, headers: Record<string, string | number>, write: (body: { write: (chunk: Buffer) => boolean; end: () => void }, answered: () => boolean) => Promise<void>) {
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    const started = Date.now();
    let answered = false;
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started }));
      res.on('error', reject);
    });
    // Once the server has answered it may close the connection while the body is still going.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
    void write(req, () => answered).catch(() => undefined);
  });
}

test('the Banqup token, the sandbox secret and the callbacks header never reach a browser or the log', async ({ browser }) => {
  test.setTimeout(180_000);
  const TOKEN = 'tok-e2e-distinctive-93f1c7a2';
  const CLIENT_SECRET = 'csec-e2e-distinctive-71aa09f3';
  const HEADER = 'cbh-e2e-distinctive-5d0b44e1';
  const SECRETS = [TOKEN, CLIENT_SECRET, HEADER];
  // Every line the server can write (debug: the request and Banqup call lines too) is checked below.
  const server = await spawnServer({ SANDBOX_TOKEN: TOKEN, BANQUP_API_TOKEN: TOKEN, SANDBOX_CLIENT_SECRET: CLIENT_SECRET, LOG_LEVEL: 'debug' });
  const context = await browser.newContext({ baseURL: server.baseURL });
  try {
    // Everything the browser receives: documents, RSC payloads, scripts, styles, action answers.
    const received: { url: string; text: string }[] = [];
    const reading: Promise<void>[] = [];
    context.on('response', (response) => {
      reading.push(
        (async () => {
          const head = JSON.stringify({ response: await response.allHeaders(), request: await response.request().allHeaders() });
          const body = await response.body().then(
            (bytes) => bytes.toString('utf8'),
            () => '', // redirects and bodiless answers
          );
          received.push({ url: response.url(), text: `${head}\n${body}` });
        })(),
      );
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());

    const { registrationId, applicationId } = await startDraftSafely(page, 'Secret-keeping app');
    await fillDraftsWithoutSending(page, registrationId, { header: HEADER });
    await sendAllDrafts(page, registrationId);

    // The calls went out with the distinctive token and header (the sandbox accepts only that token).
    const held = await page.request.get(`/sandbox/servicemngmt/v1/applications/${applicationId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(held.status()).toBe(200);
    expect(((await held.json()) as { versions: { manifest: unknown }[] }).versions[0]?.manifest).toMatchObject({ appCallbacks: { authorizationHeaderSha256: createHash('sha256').update(HEADER).digest('hex') } });
    expect((await page.request.get(`/sandbox/servicemngmt/v1/applications/${applicationId}`, { headers: { authorization: 'Bearer sandbox-token' } })).status()).toBe(401);

    // The pages that show what was saved and sent: the summary, a review link, step 9, the connection.
    await openStep(page, registrationId, 'summary');
    await page.getByRole('button', { name: 'Create a review link' }).click();
    const link = await page.getByLabel(/^Review link \(shown once; works until /).inputValue();
    expect(link).toMatch(/\/review\/[^/]+$/);
    const reviewer = await context.newPage();
    await reviewer.goto(new URL(new URL(link).pathname, server.baseURL).toString());
    await expect(reviewer.getByRole('region', { name: 'Readiness' })).toBeVisible();
    await reviewer.waitForLoadState('networkidle');
    await openStep(page, registrationId, 'approval');
    await openStep(page, registrationId, 'version');
    // The header is known to be saved, and shown only as such.
    await expect(page.getByText(new RegExp(`A header is saved \\(•+, ${HEADER.length} characters\\)`))).toBeVisible();
    await expect(page.getByLabel('Authorization header for the callbacks')).toHaveValue('');
    await page.goto('/settings');
    await expect(page.getByRole('status').filter({ hasText: 'The connection works.' })).toBeVisible({ timeout: 20_000 });
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    await Promise.all(reading);

    // What a script could fetch too: the JSON endpoints, and every static file the pages referenced.
    for (const url of ['/api/health', '/api/connection', `/registrations/${registrationId}/export`, `${new URL(link).pathname}/export`]) {
      const response = await page.request.get(url);
      received.push({ url, text: `${JSON.stringify(response.headers())}\n${await response.text()}` });
    }
    const referenced = new Set<string>();
    for (const { text } of received) for (const match of text.matchAll(/\/_next\/static\/[^"'\s\\)<>]+/g)) referenced.add(match[0]);
    expect(referenced.size).toBeGreaterThan(5);
    for (const url of referenced) {
      const response = await page.request.get(url);
      if (response.ok()) received.push({ url, text: await response.text() });
    }

    const urls = received.map((entry) => new URL(entry.url, server.baseURL));
    expect(urls.filter((url) => url.pathname.startsWith('/registrations/')).length, 'pages and their RSC payloads').toBeGreaterThan(20);
    expect(urls.filter((url) => url.pathname.endsWith('.js')).length, 'script chunks').toBeGreaterThan(5);
    expect(received.some((entry) => entry.text.includes('"ok":true,"revision"')), 'server action answers').toBe(true);
    // The capture sees what the pages show: the applicationId and the typed texts are in it.
    expect(received.some((entry) => entry.text.includes(applicationId))).toBe(true);
    expect(received.some((entry) => entry.text.includes('Manage supplier invoices'))).toBe(true);
    for (const { url, text } of received) {
      for (const secret of SECRETS) expect(text.includes(secret), `${secret} in ${url}`).toBe(false);
    }

    // The log: written (an upload, each request and each Banqup call are logged), and clean.
    const log = server.log();
    await test.info().attach('server.log', { body: log, contentType: 'text/plain' });
    expect(log).toContain('asset stored');
    const lines = log.split('\n').flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : []));
    const calls = lines.filter((line) => line.msg === 'banqup call' && line.purpose === undefined);
    expect(calls.length, 'Banqup call lines').toBeGreaterThan(8);
    expect(lines.some((line) => line.msg === 'banqup call' && line.purpose === 'connection check'), "the connection check's calls").toBe(true);
    // Each call of a step names the wizard request it was made in, and the registration and step.
    for (const call of calls) expect(call, JSON.stringify(call)).toMatchObject({ requestId: expect.any(String), registrationId, step: expect.any(Number) });
    const requests = lines.filter((line) => line.msg === 'request');
    expect(requests.some((line) => line.path === '/review/[token]' && line.registrationId === registrationId), 'the review page, its token masked').toBe(true);
    expect(requests.some((line) => line.path === '/review/[token]/export'), 'the review export, its token masked').toBe(true);
    expect(log.includes(new URL(link).pathname), 'a review link in the log').toBe(false);
    for (const secret of SECRETS) expect(log.includes(secret), `${secret} in the server's log`).toBe(false);

    // The client chunks of the build in use hold no secret, nor the defaults of the server's configuration.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else files.push(file);
      }
    };
    walk(path.join(distDir(), 'static'));
    expect(files.filter((file) => file.endsWith('.js')).length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const secret of [...SECRETS, 'sandbox-token', 'sandbox-secret', 'BANQUP_API_TOKEN', 'BANQUP_CLIENT_SECRET']) {
        expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
      }
    }
  } finally {
    await context.close();
    await server.stop();
  }
});

test.describe('hostile uploads', () => {
  let registrationId = '';

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    ({ registrationId } = await startDraftSafely(page, 'Hostile upload app'));
    await page.close();
  });

  test('SVGs with script, handlers, foreignObject, script URLs or external references: cleaned, or refused', async ({ request }) => {
    for (const file of HOSTILE_SVGS) {
      for (const kind of ['logo', 'media'] as const) {
        const what = `${file.name} as ${kind}`;
        const response = await upload(request, registrationId, { kind, name: file.name, bytes: file.bytes });
        if (response.status() !== 201) {
          expect(response.status(), what).toBeGreaterThanOrEqual(400);
          expect(response.status(), what).toBeLessThan(500);
          await expectRefused(response, response.status(), what);
          continue;
        }
        const answer = (await response.json()) as { ok: boolean; asset: { id: string; contentType: string }; removed: string[] };
        expect(answer.asset.contentType, what).toBe('image/svg+xml');
        expect(answer.removed.length, `${what}: says what it removed`).toBeGreaterThan(0);
        const served = await request.get(`/api/assets/${answer.asset.id}`);
        expect(served.status(), what).toBe(200);
        expect(served.headers()['content-type'], what).toBe('image/svg+xml');
        expectInertAsset(served.headers(), what);
        const svg = await served.text();
        expect(svg, what).not.toMatch(ACTIVE_SVG_CONTENT);
        expect(svg, `${what}: the drawing is kept`).toContain('<rect');
      }
    }
  });

  test('entity expansion (billion laughs) and external entities are refused before any parsing', async ({ request }) => {
    for (const [name, bytes] of [
      ['lol.svg', BILLION_LAUGHS_SVG],
      ['xxe.svg', XXE_SVG],
    ] as const) {
      const started = Date.now();
      const message = await expectRefused(await upload(request, registrationId, { kind: 'logo', name, bytes }), 422, name);
      expect(message).toMatch(/DOCTYPE|ENTITY/);
      expect(Date.now() - started, `${name}: answered at once`).toBeLessThan(5_000);
    }
  });

  test('polyglots, an empty file, a renamed executable and a fake giant PNG are refused or served inert', async ({ request }) => {
    // PNG signature, then a page: no IHDR, so no image.
    await expectRefused(await upload(request, registrationId, { kind: 'media', name: 'poly.png', bytes: PNG_HTML_POLYGLOT }), 422, 'PNG/HTML polyglot');
    // A real PNG with a page after IEND: may be kept, but only ever served as an inert PNG.
    const polyglot = await upload(request, registrationId, { kind: 'media', name: 'poly.html', bytes: VALID_PNG_HTML_POLYGLOT });
    if (polyglot.status() === 201) {
      const { asset } = (await polyglot.json()) as { asset: { id: string } };
      const served = await request.get(`/api/assets/${asset.id}`);
      expect(served.headers()['content-type']).toBe('image/png');
      expectInertAsset(served.headers(), 'valid PNG/HTML polyglot');
    } else {
      await expectRefused(polyglot, polyglot.status(), 'valid PNG/HTML polyglot');
    }

    await expectRefused(await upload(request, registrationId, { kind: 'logo', name: 'empty.png', bytes: Buffer.alloc(0) }), 400, 'zero-byte file');
    await expectRefused(await upload(request, registrationId, { kind: 'logo', name: 'x.png', bytes: RENAMED_EXECUTABLE }), 415, 'MZ executable named x.png');
    await expectRefused(await upload(request, registrationId, { kind: 'media', name: 'x.png', bytes: RENAMED_EXECUTABLE }), 415, 'MZ executable as media');

    // A decompression bomb: a well-formed PNG of 200 bytes whose header says 100000×100000 pixels.
    const bomb = pngClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(8_000);
    expect(bomb.readUInt32BE(16)).toBe(100_000);
    expect(bomb.readUInt32BE(29)).toBe(crc32(bomb.subarray(12, 29))); // the IHDR's CRC is valid
    for (const [name, bytes] of [
      ['bomb.png', bomb],
      ['wide.png', pngClaiming(0xffffffff, 1)],
    ] as const) {
      const started = Date.now();
      await expectRefused(await upload(request, registrationId, { kind: 'media', name, bytes }), 422, name);
      expect(Date.now() - started, `${name}: refused without decoding`).toBeLessThan(5_000);
      const healthStarted = Date.now();
      const health = await request.get('/api/health', { timeout: 2_000 });
      expect(health.ok()).toBe(true);
      expect(Date.now() - healthStarted, 'the server answers at once after it').toBeLessThan(2_000);
    }
  });

  test('oversized files are refused with 413: by Content-Length, by a lying Content-Length, and while streaming', async ({ request, baseURL }) => {
    test.setTimeout(90_000);
    const url = `${baseURL}/api/registrations/${registrationId}/assets?kind=logo`;
    const headers = { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': 'huge.png' };
    const png = makePng(16, 16, [0, 0, 0]);

    // Over the limit, with its Content-Length.
    await expectRefused(await upload(request, registrationId, { kind: 'logo', name: 'huge.png', bytes: Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES)]) }), 413, 'logo over 2 MB');
    await expectRefused(await upload(request, registrationId, { kind: 'media', name: 'huge.png', bytes: Buffer.concat([png, Buffer.alloc(MEDIA_MAX_BYTES)]) }), 413, 'media over 5 MB');

    // A Content-Length of 50 MB and 1 KB sent: refused from the header, without waiting for the rest.
    const declared = await rawPost(url, { ...headers, 'content-length': 50 * 1024 * 1024 }, async (body) => {
      body.write(png);
      body.write(Buffer.alloc(1024));
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false });
    expect(declared.ms).toBeLessThan(10_000);

    // No Content-Length (chunked): refused once 2 MB have arrived, not after the whole 8 MB.
    let sent = 0;
    const streamed = await rawPost(url, { ...headers, 'transfer-encoding': 'chunked' }, async (body, answered) => {
      body.write(png);
      const chunk = Buffer.alloc(64 * 1024);
      while (sent < 8 * 1024 * 1024 && !answered()) {
        if (!body.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 5));
        sent += chunk.length;
        if (sent % (1024 * 1024) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      body.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ ok: false });
    expect(sent, 'refused before the whole body was sent').toBeLessThan(8 * 1024 * 1024);
  });

  test('a malformed or hostile file name does not break the upload', async ({ request }) => {
    for (const name of ['%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '%00evil%0d%0aSet-Cookie: x=1', 'a"b;c.png']) {
      const response = await request.post(`/api/registrations/${registrationId}/assets?kind=logo`, {
        headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': name },
        data: makePng(32, 32, [1, 2, 3]),
      });
      expect(response.status(), `x-file-name ${name}`).toBeLessThan(500);
      if (response.status() !== 201) {
        await expectRefused(response, response.status(), `x-file-name ${name}`);
        continue;
      }
      const { asset } = (await response.json()) as { asset: { id: string; fileName: string } };
      expect(asset.fileName).not.toMatch(/[\\/\u0000-\u001f]/);
      const served = await request.get(`/api/assets/${asset.id}`);
      expect(served.headers()['content-disposition']).toMatch(/^inline; filename="[\w.-]+"$/);
      expect(served.headers()['set-cookie']).toBeUndefined();
    }
  });

  test('after the corpus the server is unharmed: healthy, and a normal upload still works', async ({ request }) => {
    const health = await request.get('/api/health');
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const png = makePng(64, 64, [31, 95, 209]);
    const response = await upload(request, registrationId, { kind: 'media', name: 'fine.png', bytes: png });
    expect(response.status()).toBe(201);
    const { asset } = (await response.json()) as { asset: { id: string; contentType: string; width: number; height: number } };
    expect(asset).toMatchObject({ contentType: 'image/png', width: 64, height: 64 });
    const served = await request.get(`/api/assets/${asset.id}`);
    expect(served.headers()['content-type']).toBe('image/png');
    expect(Buffer.compare(await served.body(), png)).toBe(0);
  });
});

test('security headers on every page, and on an uploaded SVG', async ({ page, request }) => {
  test.setTimeout(120_000);
  const { registrationId } = await startDraftSafely(page, 'Headers app');
  await openStep(page, registrationId, 'summary');
  await page.getByRole('button', { name: 'Create a review link' }).click();
  const reviewPath = new URL(await page.getByLabel(/^Review link \(shown once; works until /).inputValue()).pathname;

  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  const settings = await request.get('/settings');
  const pages: [string, number][] = [
    ['/', 200],
    ...['draft', ...DRAFT_STEPS.map((step) => step.slug), 'summary', 'approval'].map((slug): [string, number] => [`/registrations/${registrationId}/${slug}`, 200]),
    [reviewPath, 200],
    ...(settings.status() === 200 ? [['/settings', 200] as [string, number]] : []),
    ['/registrations/00000000-0000-4000-8000-000000000000/info', 404],
  ];
  expect(pages.length).toBeGreaterThanOrEqual(15);
  for (const [url, status] of pages) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(status);
    const headers = (await response?.allHeaders()) ?? {};
    const csp = headers['content-security-policy'] ?? '';
    const directives = new Map(
      csp.split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src') ?? [];
    const nonce = scriptSrc.find((value) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(value));
    expect(nonce, `${url}: script-src has a nonce (${csp})`).toBeDefined();
    expect(scriptSrc, `${url}: no inline script`).not.toContain("'unsafe-inline'");
    expect(scriptSrc, `${url}: no eval`).not.toContain("'unsafe-eval'");
    expect(directives.get('object-src'), url).toEqual(["'none'"]);
    const framing = directives.get('frame-ancestors')?.join(' ') === "'none'" || headers['x-frame-options']?.toUpperCase() === 'DENY';
    expect(framing, `${url}: cannot be framed`).toBe(true);
    expect(headers['x-content-type-options'], url).toBe('nosniff');
    expect(headers['referrer-policy'], url).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
    // Every script of the page carries this response's nonce, so the policy does not break the page.
    const html = (await response?.text()) ?? '';
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length, url).toBeGreaterThan(0);
    for (const script of scripts) expect(script, url).toContain(`nonce="${nonce?.slice(7, -1)}"`);
    await page.waitForLoadState('networkidle');
  }
  expect(violations).toEqual([]);
  // The nonce is fresh on every response.
  const first = (await request.get('/')).headers()['content-security-policy'];
  const second = (await request.get('/')).headers()['content-security-policy'];
  expect(first).not.toBe(second);

  // An uploaded SVG, opened on its own, runs nothing and loads nothing.
  const uploaded = await upload(request, registrationId, { kind: 'logo', name: 'logo.svg', bytes: LOGO_SVG });
  expect(uploaded.status()).toBe(201);
  const { asset } = (await uploaded.json()) as { asset: { id: string } };
  const served = await request.get(`/api/assets/${asset.id}`);
  expect(served.headers()['content-type']).toBe('image/svg+xml');
  expectInertAsset(served.headers(), 'uploaded SVG');
});

test('server actions refuse a replay from another origin, and accept the same replay from this one', async ({ page, baseURL }) => {
  const { registrationId } = await startDraftSafely(page, 'Replay app');
  await openStep(page, registrationId, 'info');
  const field = page.getByLabel('Display name (en-GB)');

  // A real autosave: a server action POST.
  const saving = page.waitForRequest((request) => request.method() === 'POST' && Boolean(request.headers()['next-action']) && (request.postData() ?? '').includes('Typed in the app'));
  await field.fill('Typed in the app');
  const action = await saving;
  expect((await action.response())?.status()).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();

  // The same call with other values, at the revision that save made (one past its base): it would succeed if accepted.
  const args = JSON.parse(action.postData() ?? '[]') as [string, number, { locales: { displayName: string }[] }, number];
  expect(args[0]).toBe(registrationId);
  expect(args[1]).toBe(2);
  const revision = args[3] + 1;
  const forged = (displayName: string) => {
    const values = structuredClone(args[2]);
    const [first] = values.locales;
    if (first) first.displayName = displayName;
    return JSON.stringify([args[0], args[1], values, revision]);
  };
  const captured = await action.allHeaders();
  const replayHeaders = (origin: string, site: string) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(captured)) {
      if (!['host', 'content-length', 'origin', 'referer', 'cookie', 'sec-fetch-site'].includes(name) && !name.startsWith(':')) headers[name] = value;
    }
    return { ...headers, origin, 'sec-fetch-site': site };
  };
  const stored = async () => {
    await openStep(page, registrationId, 'info');
    await expect(field).not.toHaveValue('');
    return field.inputValue();
  };

  const crossSite = await page.request.post(action.url(), { headers: replayHeaders('https://evil.example', 'cross-site'), data: forged('Written by evil.example') });
  expect(crossSite.status(), 'refused').toBeGreaterThanOrEqual(400);
  expect(await crossSite.text()).not.toContain('"ok":true');
  expect(await stored()).toBe('Typed in the app');

  // The control: the very same request from this app's origin is accepted.
  const origin = new URL(baseURL ?? action.url()).origin;
  const sameSite = await page.request.post(action.url(), { headers: replayHeaders(origin, 'same-origin'), data: forged('Replayed from the app') });
  expect(sameSite.status()).toBe(200);
  expect(await sameSite.text()).toContain('"ok":true');
  expect(await stored()).toBe('Replayed from the app');
});
