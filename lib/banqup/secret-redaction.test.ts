/**
 * Secrets that come back quoted by Banqup: escaped (JSON `\/`, `\u002B`), encoded (base64 of
 * `Bearer …`, URL or form encoding) or in a header. Redacted once decoded, in everything a call
 * returns or journals, and in what the token endpoint and the connection check report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '@/test/http-server';
import { createBanqupClient } from './client';
import { checkConnection, type ConnectionSettings } from './connection-check';
import { banqupRequest, type AttemptRecord, type HttpOptions } from './http';
import { formUrlEncode } from './oauth';
import { createTokenProvider } from './token';

const APPLICATION_ID = '2aa7c756-6d55-44b6-9b60-06212611cfd6';
/** With `/` and `+`, so that JSON and URL escaping change it. */
const TOKEN = 'st4tic/t0ken+value==';
const CLIENT_ID = 'client-a';
const CLIENT_SECRET = 'cl1ent/secret+value 42';
const CALLBACK_HEADER = 'cb/secret+4410==';
const APP_URL = 'https://purchase.example/banqup/add';

const stubs: TestServer[] = [];
afterEach(async () => {
  while (stubs.length > 0) await stubs.pop()?.close();
});
async function stub(handler: (request: Request) => Response | Promise<Response>) {
  const server = await serve(handler);
  stubs.push(server);
  return server;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** JSON.stringify's escaping, plus `\/`, as JSON encoders may write it. */
const jsonEscaped = (secret: string) => JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/');
/** Every character as \uXXXX, as some encoders write non-alphanumerics (here: all). */
const unicodeEscaped = (secret: string) => [...secret].map((char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join('');

/** Every form in which a secret may be quoted: none may be in what is shown or stored. */
function encodings(secret: string): string[] {
  return [
    secret,
    jsonEscaped(secret),
    secret.replace(/\//g, '\\/').replace(/\+/g, '\\u002B'),
    unicodeEscaped(secret),
    encodeURIComponent(secret),
    formUrlEncode(secret),
    base64(secret),
    base64url(secret),
    base64(`Bearer ${secret}`),
    base64url(`Bearer ${secret}`),
  ];
}

/** Every string of a value, keys included, and the value as JSON. */
function texts(value: unknown): string[] {
  const found: string[] = [JSON.stringify(value) ?? ''];
  const walk = (node: unknown) => {
    if (typeof node === 'string') found.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        found.push(key);
        walk(child);
      }
    }
  };
  walk(value);
  return found;
}

function expectNoSecret(value: unknown, secret: string) {
  for (const text of texts(value)) {
    for (const encoded of encodings(secret)) expect(text, `leaks ${encoded}`).not.toContain(encoded);
  }
}

function options(baseUrl: string, overrides: Partial<HttpOptions> = {}): HttpOptions {
  return { baseUrl, tokens: createTokenProvider({ kind: 'static', token: TOKEN }), timeoutMs: 5_000, maxAttempts: 1, sleep: async () => undefined, ...overrides };
}

/** A raw JSON answer: the escapes stay as written on the wire. */
const rawJson = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });

describe('a Banqup error that quotes the bearer token', () => {
  it('JSON-escaped, base64 of "Bearer …", URL-encoded, in keys and in the request id: in no field of the error nor the journal', async () => {
    const body = `{
      "status": 400,
      "error": "BAD_REQUEST",
      "title": "Token ${jsonEscaped(TOKEN)} is not accepted here",
      "detail": "Authorization: Bearer ${TOKEN.replace(/\//g, '\\/').replace(/\+/g, '\\u002B')} (Basic ${base64(`Bearer ${TOKEN}`)}), query access_token=${encodeURIComponent(TOKEN)}",
      "requestId": "req-${base64url(`Bearer ${TOKEN}`)}",
      "errors": [
        { "field": "brandName", "message": "was sent with ${unicodeEscaped(TOKEN)}" },
        { "field": "${jsonEscaped(TOKEN)}", "message": "form ${formUrlEncode(TOKEN)} refused" }
      ]
    }`;
    const api = await stub(() => rawJson(400, body));
    const attempts: AttemptRecord[] = [];
    const result = await createBanqupClient(options(api.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expectNoSecret(result.error, TOKEN);
    expectNoSecret(attempts, TOKEN);
    // Only the token's text is gone: the journal and the error still say what happened.
    expect(result.error).toMatchObject({ status: 400, title: 'Token [redacted] is not accepted here', requestId: 'req-[redacted]' });
    expect(result.error.detail).toBe('Authorization: Bearer [redacted] (Basic [redacted]), query access_token=[redacted]');
    expect(result.error.fieldErrors).toEqual({ brandName: ['was sent with [redacted]'], '[redacted]': ['form [redacted] refused'] });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ status: 400, error: result.error.detail, requestId: 'req-[redacted]' });
    expect(attempts[0]?.response).toMatchObject({ error: 'BAD_REQUEST', errors: [{ field: 'brandName' }, { field: '[redacted]' }] });
  });

  it('in a WWW-Authenticate header (quoted, escaped) and a request id header', async () => {
    const api = await stub(
      () =>
        new Response(null, {
          status: 401,
          headers: {
            'www-authenticate': `Bearer realm="banqup", error="invalid_token", error_description="The token \\"${TOKEN}\\" (${base64(`Bearer ${TOKEN}`)}) expired"`,
            'x-request-id': `rid/${encodeURIComponent(TOKEN)}`,
          },
        }),
    );
    const attempts: AttemptRecord[] = [];
    const result = await banqupRequest(options(api.url), { method: 'GET', path: `/servicemngmt/v1/applications/${APPLICATION_ID}`, schema: null }, { onAttempt: (a) => void attempts.push(a) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expectNoSecret(result.error, TOKEN);
    expectNoSecret(attempts, TOKEN);
    expect(result.error.detail).toBe('The token "[redacted]" ([redacted]) expired');
    expect(result.error.requestId).toBe('rid/[redacted]');
  });

  it('as plain text, cut to its first line: the cut never leaves a piece of the token', async () => {
    const api = await stub(() => new Response(`${'x'.repeat(290)} ${jsonEscaped(TOKEN)}\nsecond line`, { status: 400, headers: { 'content-type': 'text/plain' } }));
    const attempts: AttemptRecord[] = [];
    const result = await createBanqupClient(options(api.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.detail).not.toMatch(/st4tic|t0ken/);
    expectNoSecret(attempts, TOKEN);
  });

  it("a call's own secret (the callback header): quoted by a 400, echoed by a 201", async () => {
    let answer = 400;
    const api = await stub(() =>
      answer === 400
        ? rawJson(400, `{"detail":"authorizationHeader ${jsonEscaped(CALLBACK_HEADER)} is not allowed","errors":[{"field":"manifest.appCallbacks.security.authorizationHeader","message":"${base64(CALLBACK_HEADER)} is weak"}]}`)
        : rawJson(
            201,
            `{"id":"0b9c5f44-5f7c-4c1e-9a53-0d3c8e1e7d11","version":"1.0.0","releaseNote":"header ${CALLBACK_HEADER.replace(/\+/g, '\\u002B')}","manifest":{"appCallbacks":{"addUrl":"${APP_URL}","security":{"authorizationHeader":"${jsonEscaped(CALLBACK_HEADER)}"}},"clientConfigurations":{"echo":"${encodeURIComponent(CALLBACK_HEADER)}"}},"status":"VALID"}`,
          ),
    );
    const client = createBanqupClient(options(api.url));
    const body = { version: '1.0.0', manifest: { serviceAccount: APPLICATION_ID, appCallbacks: { addUrl: APP_URL, security: { authorizationHeader: CALLBACK_HEADER } } } };
    const attempts: AttemptRecord[] = [];
    const context = { secrets: [CALLBACK_HEADER], onAttempt: (a: AttemptRecord) => void attempts.push(a) };

    const refused = await client.addVersion(APPLICATION_ID, body, context);
    expect(refused).toMatchObject({ ok: false, error: { detail: 'authorizationHeader [redacted] is not allowed', fieldErrors: { 'manifest.appCallbacks.security.authorizationHeader': ['[redacted] is weak'] } } });
    answer = 201;
    const echoed = await client.addVersion(APPLICATION_ID, body, context);
    expect(echoed.ok).toBe(true);
    if (echoed.ok) expect(echoed.data).toMatchObject({ releaseNote: 'header [redacted]', manifest: { appCallbacks: { addUrl: APP_URL }, clientConfigurations: { echo: '[redacted]' } } });
    expectNoSecret(refused, CALLBACK_HEADER);
    expectNoSecret(echoed, CALLBACK_HEADER);
    expectNoSecret(attempts, CALLBACK_HEADER);
    expect(attempts).toHaveLength(2);
  });
});

describe('a token endpoint that quotes the client secret', () => {
  const errorBody = () =>
    `{"error":"invalid_client","error_description":"Client ${CLIENT_ID} with secret ${CLIENT_SECRET.replace(/\//g, '\\/').replace(/\+/g, '\\u002B')} (form ${formUrlEncode(CLIENT_SECRET)}, basic ${base64(`${formUrlEncode(CLIENT_ID)}:${formUrlEncode(CLIENT_SECRET)}`)}) is unknown: ${unicodeEscaped(CLIENT_SECRET)}"}`;

  it('the token error, and the error of the call that needed the token, carry none of it', async () => {
    const server = await stub(() => rawJson(401, errorBody()));
    const tokens = createTokenProvider({ kind: 'oauth', tokenUrl: `${server.url}/oauth2/token`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, { tokenAuth: 'basic' });
    const token = await tokens.get();
    expect(token.ok).toBe(false);
    if (token.ok) return;
    expectNoSecret(token.error, CLIENT_SECRET);
    expect(token.error.detail).toMatch(/^The token endpoint refused the client credentials: Client client-a with secret \[redacted\] \(form \[redacted\], basic \[redacted\]\) is unknown: \[redacted\]$/);

    const attempts: AttemptRecord[] = [];
    const result = await createBanqupClient(options(server.url, { tokens })).addBrand(APPLICATION_ID, { brandName: 'Banqup' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result.ok).toBe(false);
    expectNoSecret(result, CLIENT_SECRET);
    expectNoSecret(attempts, CLIENT_SECRET);
  });

  it("the connection check's report (/settings, /api/connection, the doctor) carries none of it", async () => {
    const server = await stub(() => rawJson(401, errorBody()));
    for (const tokenAuth of ['basic', 'body'] as const) {
      const settings: ConnectionSettings = {
        mode: 'api',
        apiUrl: server.url,
        auth: { kind: 'oauth', tokenUrl: `${server.url}/oauth2/token`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        tokenAuth,
        timeoutMs: 5_000,
      };
      const report = await checkConnection(settings);
      expect(report.ok).toBe(false);
      expect(report.token?.detail).toMatch(/^The token endpoint refused the client credentials \(HTTP 401\): Client client-a with secret \[redacted\]/);
      expectNoSecret(report, CLIENT_SECRET);
    }
  });

  it('the connection check redacts the access token and the static token, whatever the probe answer quotes', async () => {
    const server = await stub(() => rawJson(401, `{"detail":"bad ${jsonEscaped(TOKEN)}"}`, { 'x-request-id': base64(`Bearer ${TOKEN}`), date: new Date().toUTCString() }));
    const settings: ConnectionSettings = { mode: 'api', apiUrl: server.url, auth: { kind: 'static', token: TOKEN }, timeoutMs: 5_000 };
    const report = await checkConnection(settings);
    expect(report.probe?.requestId).toBe('[redacted]');
    expectNoSecret(report, TOKEN);
  });
});
