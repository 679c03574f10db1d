/**
 * The log line of every Banqup call (lib/banqup/http.ts) and token request (token.ts): what an
 * operator needs to find a call, and never the token, the client secret or a body.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '@/test/http-server';
import { captureLog, type CapturedLog } from '@/test/capture-log';
import { encodedVariants } from '@/lib/redact-core';
import { runInRequestContext } from '@/lib/server/request-hook';
import { createBanqupClient } from './client';
import { banqupRequest, type HttpOptions } from './http';
import { createTokenProvider } from './token';

const APPLICATION_ID = '2aa7c756-6d55-44b6-9b60-06212611cfd6';
const REGISTRATION_ID = '6f1c2a9e-58b4-4c1e-9d0f-3b8a7e2c4d11';
const TOKEN = 'st4tic/t0ken+log==c41d';
const CLIENT_SECRET = 'cl1ent/secret+log 9a';
const ISSUED_TOKEN = 'issued-access-token-77e0b2';
const BODY_TEXT = 'Purchases app helps you manage your purchase invoices';

const stubs: TestServer[] = [];
let captured: CapturedLog | undefined;
afterEach(async () => {
  captured?.restore();
  while (stubs.length > 0) await stubs.pop()?.close();
});
async function stub(handler: (request: Request) => Response | Promise<Response>) {
  const server = await serve(handler);
  stubs.push(server);
  return server;
}

function options(baseUrl: string, overrides: Partial<HttpOptions> = {}): HttpOptions {
  return { baseUrl, tokens: createTokenProvider({ kind: 'static', token: TOKEN }), timeoutMs: 5_000, maxAttempts: 3, sleep: async () => undefined, ...overrides };
}

function expectNoneOf(text: string, secrets: string[]) {
  for (const secret of secrets) for (const variant of encodedVariants(secret)) expect(text, `leaks ${variant}`).not.toContain(variant);
}

describe('the log line of a Banqup call', () => {
  it('says method, API path, status, attempt, duration, Banqup’s request id, registration, step and the wizard’s request id', async () => {
    captured = captureLog('info');
    const api = await stub(async (request) => {
      // Banqup echoing what it got: the line must carry none of it.
      const echoed = `${request.headers.get('authorization')} ${await request.text()}`;
      return Response.json({ id: APPLICATION_ID, locale: 'en-GB', displayName: 'Purchase app', shortDescription: 's', description: echoed }, { status: 201, headers: { 'x-request-id': 'bq-req-5521' } });
    });
    const client = createBanqupClient(options(api.url));
    const result = await runInRequestContext({ requestId: 'wiz-req-1', startedAt: 0, actor: 'ada' }, () =>
      client.addInfoLocalization(
        APPLICATION_ID,
        { locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Manage purchase invoices', description: BODY_TEXT },
        { registrationId: REGISTRATION_ID, step: 2 },
      ),
    );
    expect(result.ok).toBe(true);
    const lines = captured.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      level: 'info',
      time: expect.any(String),
      pid: process.pid,
      hostname: expect.any(String),
      requestId: 'wiz-req-1',
      actor: 'ada',
      registrationId: REGISTRATION_ID,
      msg: 'banqup call',
      method: 'POST',
      path: `/servicemngmt/v2/applications/${APPLICATION_ID}/infoLocalizations`,
      status: 201,
      attempt: 1,
      durationMs: expect.any(Number),
      banqupRequestId: 'bq-req-5521',
      step: 2,
    });
    const raw = captured.raw().join('\n');
    expectNoneOf(raw, [TOKEN]);
    expect(raw).not.toContain(BODY_TEXT);
    expect(raw).not.toContain('Purchase app');
  });

  it('one line per attempt: a failure says its kind at warn, and the retry that worked at info', async () => {
    captured = captureLog('info');
    let calls = 0;
    const api = await stub(() => (++calls === 1 ? new Response('bad gateway', { status: 502 }) : new Response(null, { status: 200 })));
    const result = await createBanqupClient(options(api.url)).putLogo(APPLICATION_ID, { bytes: new Uint8Array([1, 2, 3]), fileName: 'logo.png', contentType: 'image/png' }, { registrationId: REGISTRATION_ID, step: 3 });
    expect(result.ok).toBe(true);
    expect(captured.lines()).toMatchObject([
      { level: 'warn', msg: 'banqup call failed', method: 'PUT', path: `/servicemngmt/v1/applications/${APPLICATION_ID}/logo`, status: 502, errorKind: 'http', attempt: 1, registrationId: REGISTRATION_ID, step: 3 },
      { level: 'info', msg: 'banqup call', method: 'PUT', status: 200, attempt: 2 },
    ]);
    expect(captured.lines()[1]).not.toHaveProperty('errorKind');
    expect(captured.raw().join('\n')).not.toContain('bad gateway');
  });

  it('a timeout and a refused connection: the error kind, no status', async () => {
    captured = captureLog('info');
    const slow = await stub(() => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response(null, { status: 200 })), 500)));
    await banqupRequest(options(slow.url, { timeoutMs: 50 }), { method: 'POST', path: `/servicemngmt/v1/applications/${APPLICATION_ID}/brands?debug=${TOKEN}`, body: { kind: 'json', value: { brandName: 'Banqup' } }, schema: null });
    const closed = await stub(() => new Response(null));
    const url = closed.url;
    await stubs.pop()?.close();
    await banqupRequest(options(url, { maxAttempts: 1 }), { method: 'GET', path: `/servicemngmt/v1/applications/${APPLICATION_ID}`, schema: null });
    expect(captured.lines()).toMatchObject([
      { level: 'warn', method: 'POST', path: `/servicemngmt/v1/applications/${APPLICATION_ID}/brands`, status: null, errorKind: 'timeout', attempt: 1 },
      { level: 'warn', method: 'GET', status: null, errorKind: 'network', attempt: 1 },
    ]);
    // Outside a request, and with no registration given: neither is made up.
    expect(captured.lines()[0]).not.toHaveProperty('requestId');
    expect(captured.lines()[0]).not.toHaveProperty('registrationId');
    expectNoneOf(captured.raw().join('\n'), [TOKEN]);
  });

  it('takes the registration from the request when the call does not name it', async () => {
    captured = captureLog('info');
    const api = await stub(() => Response.json({}, { status: 200 }));
    await runInRequestContext({ requestId: 'wiz-req-2', startedAt: 0, registrationId: REGISTRATION_ID }, () => createBanqupClient(options(api.url)).getApplication(APPLICATION_ID));
    expect(captured.lines()[0]).toMatchObject({ requestId: 'wiz-req-2', registrationId: REGISTRATION_ID, method: 'GET', status: 200 });
    expect(captured.lines()[0]).not.toHaveProperty('step');
  });

  it("a request id header quoting the token is logged without it; at warn level a success is not logged", async () => {
    captured = captureLog('warn');
    const api = await stub(() => new Response(null, { status: 401, headers: { 'x-request-id': `rid-${Buffer.from(`Bearer ${TOKEN}`).toString('base64')}` } }));
    await banqupRequest(options(api.url), { method: 'GET', path: `/servicemngmt/v1/applications/${APPLICATION_ID}`, schema: null });
    const ok = await stub(() => new Response(null, { status: 200 }));
    await banqupRequest(options(ok.url), { method: 'GET', path: `/servicemngmt/v1/applications/${APPLICATION_ID}`, schema: null });
    expect(captured.lines()).toMatchObject([{ level: 'warn', status: 401, errorKind: 'http', banqupRequestId: 'rid-[redacted]' }]);
    expectNoneOf(captured.raw().join('\n'), [TOKEN]);
  });
});

describe('the log line of a token request', () => {
  it('says the token endpoint’s path, status and duration, never the secret or the token it issued', async () => {
    captured = captureLog('info');
    const auth = await stub(() => Response.json({ access_token: ISSUED_TOKEN, token_type: 'Bearer', expires_in: 3600, scope: 'store_write' }));
    const api = await stub(() => new Response(null, { status: 200 }));
    const tokens = createTokenProvider({ kind: 'oauth', tokenUrl: `${auth.url}/oauth2/token`, clientId: 'client-a', clientSecret: CLIENT_SECRET }, { requiredScopes: [] });
    const result = await banqupRequest(options(api.url, { tokens }), { method: 'GET', path: `/servicemngmt/v1/applications/${APPLICATION_ID}`, schema: null });
    expect(result.ok).toBe(true);
    expect(captured.lines()).toMatchObject([
      { level: 'info', msg: 'banqup token request', method: 'POST', path: '/oauth2/token', status: 200, durationMs: expect.any(Number) },
      { level: 'info', msg: 'banqup call', method: 'GET', status: 200 },
    ]);
    expectNoneOf(captured.raw().join('\n'), [CLIENT_SECRET, ISSUED_TOKEN]);
  });

  it('a refused client: warn, with the status and the kind', async () => {
    captured = captureLog('info');
    const auth = await stub(() => Response.json({ error: 'invalid_client', error_description: `bad secret ${CLIENT_SECRET}` }, { status: 401 }));
    const tokens = createTokenProvider({ kind: 'oauth', tokenUrl: `${auth.url}/oauth2/token`, clientId: 'client-a', clientSecret: CLIENT_SECRET });
    const result = await banqupRequest(options('http://127.0.0.1:9', { tokens }), { method: 'GET', path: `/servicemngmt/v1/applications/${APPLICATION_ID}`, schema: null });
    expect(result.ok).toBe(false);
    expect(captured.lines()).toMatchObject([
      { level: 'warn', msg: 'banqup token request failed', path: '/oauth2/token', status: 401, errorKind: 'auth' },
      { level: 'warn', msg: 'banqup call failed', method: 'GET', status: 401, errorKind: 'auth', attempt: 1 },
    ]);
    expectNoneOf(captured.raw().join('\n'), [CLIENT_SECRET]);
  });
});
