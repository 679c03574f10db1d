/**
 * The connection check (connection-check.mjs): against the sandbox as the app runs it, and
 * against stubs for what a real environment may do wrong. Never a secret in what it returns.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/env';
import { serve, type TestServer } from '@/test/http-server';
import { startSandbox, type RunningSandbox } from '@/test/sandbox';
import { connectionSettings } from './connection';
import { checkConnection, formatReport, type ConnectionSettings } from './connection-check';
import { getOutboundFetch } from './outbound';

const stubs: TestServer[] = [];
afterEach(async () => {
  while (stubs.length > 0) await stubs.pop()?.close();
});
async function stub(handler: (request: Request) => Response | Promise<Response>) {
  const server = await serve(handler);
  stubs.push(server);
  return server;
}

const SECRET = 'client-secret-do-not-show-1234';
const TOKEN = 'issued-access-token-5678';

/**
 * A Banqup stand-in: a token endpoint and the probe's read, with a Date header `skewMs` off.
 * The read answers `probeStatus` to the issued token and `wrongTokenStatus` (401) to any other.
 */
async function fakeBanqup(
  options: { tokenBody?: unknown; tokenStatus?: number; probeStatus?: number; wrongTokenStatus?: number; skewMs?: number; date?: string | null; probeHeaders?: Record<string, string> } = {},
) {
  const seen: { authorization: string | null; path: string }[] = [];
  const server = await stub(async (request) => {
    const path = new URL(request.url).pathname;
    seen.push({ authorization: request.headers.get('authorization'), path });
    if (path === '/oauth2/token') {
      return Response.json(options.tokenBody ?? { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600, scope: 'store_read store_write' }, { status: options.tokenStatus ?? 200 });
    }
    const headers: Record<string, string> = { 'x-request-id': 'probe-req-1', ...options.probeHeaders };
    const date = options.date === undefined ? new Date(Date.now() + (options.skewMs ?? 0)).toUTCString() : options.date;
    if (date !== null) headers.date = date;
    const status = request.headers.get('authorization') === `Bearer ${TOKEN}` ? (options.probeStatus ?? 404) : (options.wrongTokenStatus ?? 401);
    return Response.json({ status, error: status === 401 ? 'UNAUTHORIZED' : 'NOT_FOUND', detail: status === 401 ? 'Invalid token' : 'Unknown application' }, { status, headers });
  });
  const settings: ConnectionSettings = {
    mode: 'api',
    apiUrl: server.url,
    auth: { kind: 'oauth', tokenUrl: `${server.url}/oauth2/token`, clientId: 'client-a', clientSecret: SECRET },
    tokenAuth: 'basic',
    timeoutMs: 5_000,
  };
  return { server, seen, settings };
}

const noSecrets = (value: unknown) => {
  const text = JSON.stringify(value);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('sandbox-token');
  expect(text).not.toContain('sandbox-secret');
};

describe('against the sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => sandbox.close());

  it('with the static sandbox token: the probe is a 404, with round trip and clock skew', async () => {
    const config = parseConfig({ APP_URL: sandbox.url });
    const report = await checkConnection(connectionSettings(config), { fetch: getOutboundFetch() });
    expect(report).toMatchObject({ ok: true, mode: 'sandbox', apiUrl: `${sandbox.url}/sandbox`, auth: 'static', tokenUrl: null, problems: [], warnings: [] });
    // Proven: the sandbox refuses the same call with a deliberately wrong token.
    expect(report.probe).toMatchObject({ method: 'GET', status: 404, wrongTokenStatus: 401, verdict: 'authorized' });
    expect(report.probe?.path).toMatch(/^\/servicemngmt\/v1\/applications\/[0-9a-f-]{36}$/);
    expect(report.probe?.roundTripMs).toBeGreaterThanOrEqual(0);
    expect(report.probe?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(report.clock.skewMs ?? Infinity)).toBeLessThan(1_500);
    noSecrets(report);
  });

  it("with OAuth2 through the sandbox's token endpoint (HTTP Basic): expiry and scopes", async () => {
    const config = parseConfig({ APP_URL: sandbox.url, BANQUP_CLIENT_ID: 'sandbox-client', BANQUP_CLIENT_SECRET: 'sandbox-secret', BANQUP_TOKEN_AUTH: 'basic' });
    const report = await checkConnection(connectionSettings(config), { fetch: getOutboundFetch() });
    expect(report).toMatchObject({ ok: true, auth: 'oauth', tokenAuth: 'basic', tokenUrl: `${sandbox.url}/sandbox/oauth/token` });
    expect(report.token).toMatchObject({ ok: true, source: 'oauth', status: 200, expiresInSeconds: 3600, lifetimeStated: true, scopes: ['store_read', 'store_write'], missingScopes: [] });
    noSecrets(report);
  });

  it('reports a wrong static token as a problem', async () => {
    const config = parseConfig({ APP_URL: sandbox.url, SANDBOX_TOKEN: 'not-the-sandbox-token' });
    const report = await checkConnection(connectionSettings(config));
    expect(report.ok).toBe(false);
    expect(report.probe).toMatchObject({ status: 401, verdict: 'refused' });
    expect(report.problems).toEqual([expect.stringMatching(/refused the token \(401\)/)]);
    expect(JSON.stringify(report)).not.toContain('not-the-sandbox-token');
  });
});

describe('against a stand-in for a real environment', () => {
  it('all well: token by HTTP Basic, 404 probe with the bearer token, small skew', async () => {
    const { settings, seen } = await fakeBanqup();
    const report = await checkConnection(settings);
    expect(report.ok).toBe(true);
    expect(seen[0]?.authorization).toMatch(/^Basic /);
    expect(seen[1]).toEqual({ authorization: `Bearer ${TOKEN}`, path: expect.stringMatching(/^\/servicemngmt\/v1\/applications\//) });
    expect(seen[2]).toEqual({ authorization: expect.stringMatching(/^Bearer invalid-[0-9a-f-]{36}$/), path: seen[1]?.path });
    expect(report.probe).toMatchObject({ status: 404, wrongTokenStatus: 401, verdict: 'authorized', requestId: 'probe-req-1' });
    expect(formatReport(report)).toContain('                 The same call with a deliberately wrong token → HTTP 401');
    noSecrets(report);
    noSecrets(formatReport(report));
  });

  it('measures the clock skew against the Date header (a problem past 5 minutes)', async () => {
    const ahead = await fakeBanqup({ skewMs: 10 * 60_000 });
    const report = await checkConnection(ahead.settings);
    expect(report.clock.skewMs).toBeGreaterThan(10 * 60_000 - 2_000);
    expect(report.clock.skewMs).toBeLessThan(10 * 60_000 + 2_000);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/Clock skew of (599|600|601)\.\d s: the API's clock is ahead/)]);

    const behind = await fakeBanqup({ skewMs: -45_000 });
    const warned = await checkConnection(behind.settings);
    expect(warned.ok).toBe(true);
    expect(warned.warnings).toEqual([expect.stringMatching(/this machine's clock is ahead/)]);
  });

  it('says so when there is no Date header', async () => {
    const { settings } = await fakeBanqup({ date: null });
    const report = await checkConnection(settings, {
      // Node's HTTP server always sends Date: drop it on the way in.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const headers = new Headers(response.headers);
        headers.delete('date');
        return new Response(await response.arrayBuffer(), { status: response.status, headers });
      },
    });
    expect(report.clock).toMatchObject({ skewMs: null, detail: expect.stringMatching(/no usable Date header/) });
    expect(report.ok).toBe(true);
  });

  it('a token without store_write is a problem named after the scope', async () => {
    const { settings } = await fakeBanqup({ tokenBody: { access_token: TOKEN, expires_in: 600, scope: 'store_read' } });
    const report = await checkConnection(settings);
    expect(report.ok).toBe(false);
    expect(report.token?.missingScopes).toEqual(['store_write']);
    expect(report.problems).toEqual([expect.stringMatching(/lacks the scope store_write/)]);
  });

  it('a token endpoint stating neither scopes nor lifetime: warnings, and the assumed 5 minutes', async () => {
    const { settings } = await fakeBanqup({ tokenBody: { access_token: TOKEN } });
    const report = await checkConnection(settings);
    expect(report.ok).toBe(true);
    expect(report.token).toMatchObject({ expiresInSeconds: 300, lifetimeStated: false, scopes: null });
    expect(report.warnings).toEqual([expect.stringMatching(/did not say which scopes/), expect.stringMatching(/no lifetime/)]);
  });

  it('refused client credentials: the reason, without the secret, and no probe', async () => {
    const basic = Buffer.from(`client-a:${SECRET}`).toString('base64');
    const { settings } = await fakeBanqup({ tokenStatus: 401, tokenBody: { error: 'invalid_client', error_description: `Client authentication failed for ${SECRET} (Basic ${basic})` } });
    const report = await checkConnection(settings);
    expect(report.ok).toBe(false);
    expect(report.token).toMatchObject({ ok: false, status: 401 });
    expect(report.problems).toEqual([expect.stringMatching(/refused the client credentials \(HTTP 401\): Client authentication failed/)]);
    expect(report.probe).toBeNull();
    noSecrets(report);
    expect(JSON.stringify(report)).not.toContain(basic);
  });

  it.each([
    [401, 'refused', true],
    [403, 'refused', true],
    [500, 'unexpected', true],
    [200, 'authorized', false],
    [405, 'inconclusive', false],
  ])('a %i to the probe is %s', async (status, verdict, problem) => {
    const { settings } = await fakeBanqup({ probeStatus: status });
    const report = await checkConnection(settings);
    expect(report.probe?.verdict).toBe(verdict);
    expect(report.ok).toBe(!problem);
  });

  it('a route-first gateway that answers 404 whatever the token: cannot tell, a warning and not a problem', async () => {
    const seen: (string | null)[] = [];
    const gateway = await stub((request) => {
      if (new URL(request.url).pathname === '/oauth2/token') return Response.json({ access_token: TOKEN, expires_in: 3600, scope: 'store_read store_write' });
      seen.push(request.headers.get('authorization'));
      return Response.json({ status: 404, error: 'NOT_FOUND', detail: 'No route' }, { status: 404 });
    });
    const report = await checkConnection({
      mode: 'api',
      apiUrl: gateway.url,
      auth: { kind: 'oauth', tokenUrl: `${gateway.url}/oauth2/token`, clientId: 'client-a', clientSecret: SECRET },
      timeoutMs: 5_000,
    });
    const message =
      'Banqup answered the same (404) with a deliberately wrong token: a gateway may answer before checking tokens, so this check cannot tell whether the token works.';
    expect(report.probe).toMatchObject({ status: 404, wrongTokenStatus: 404, verdict: 'cannot_tell', detail: message });
    expect(report.warnings).toEqual([message]);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(seen).toEqual([`Bearer ${TOKEN}`, expect.stringMatching(/^Bearer invalid-/)]);
    // Neither token is in the report.
    noSecrets(report);
    noSecrets(formatReport(report));
    const wrongToken = seen[1]?.slice('Bearer '.length) ?? '';
    expect(JSON.stringify(report)).not.toContain(wrongToken);
    expect(formatReport(report)).toContain(`warning: ${message}`);
  });

  it('a gateway that answers 404 to the right token only, 401 to any other: authorized', async () => {
    const api = await stub((request) => {
      if (new URL(request.url).pathname === '/oauth2/token') return Response.json({ access_token: TOKEN, expires_in: 3600, scope: 'store_read store_write' });
      const right = request.headers.get('authorization') === `Bearer ${TOKEN}`;
      return Response.json({ status: right ? 404 : 401 }, { status: right ? 404 : 401 });
    });
    const report = await checkConnection({
      mode: 'api',
      apiUrl: api.url,
      auth: { kind: 'oauth', tokenUrl: `${api.url}/oauth2/token`, clientId: 'client-a', clientSecret: SECRET },
      timeoutMs: 5_000,
    });
    expect(report.probe).toMatchObject({ status: 404, wrongTokenStatus: 401, verdict: 'authorized', detail: expect.stringMatching(/deliberately wrong token got 401/) });
    expect(report).toMatchObject({ ok: true, problems: [], warnings: [] });
    noSecrets(report);
  });

  it.each([
    [200, 403, 'authorized', /accepted the token: HTTP 200, while a deliberately wrong token got 403/],
    [200, 200, 'cannot_tell', /answered the same \(200\) with a deliberately wrong token/],
    [404, 500, 'cannot_tell', /answered 404 to the token and 500 to a deliberately wrong one, not 401 or 403/],
    [404, 400, 'cannot_tell', /answered 404 to the token and 400 to a deliberately wrong one/],
  ])('the token gets %i and a wrong token %i: %s', async (probeStatus, wrongTokenStatus, verdict, detail) => {
    const { settings } = await fakeBanqup({ probeStatus, wrongTokenStatus });
    const report = await checkConnection(settings);
    expect(report.probe).toMatchObject({ status: probeStatus, wrongTokenStatus, verdict, detail: expect.stringMatching(detail) });
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual(verdict === 'cannot_tell' ? [report.probe?.detail] : []);
  });

  it('a wrong-token call that fails: cannot tell, a warning', async () => {
    const { settings } = await fakeBanqup();
    const report = await checkConnection(settings, {
      fetch: async (input, init) => {
        if (new Headers(init?.headers).get('authorization')?.startsWith('Bearer invalid-')) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
        return fetch(input, init);
      },
    });
    expect(report.probe).toMatchObject({ status: 404, wrongTokenStatus: null, verdict: 'cannot_tell' });
    expect(report.warnings).toEqual([expect.stringMatching(/deliberately wrong token failed \(the API could not be reached \(ECONNRESET\)\), so this check cannot tell/)]);
    expect(report.ok).toBe(true);
  });

  it('a refused token needs no second call', async () => {
    const { settings, seen } = await fakeBanqup({ probeStatus: 401 });
    const report = await checkConnection(settings);
    expect(report.probe).toMatchObject({ status: 401, wrongTokenStatus: null, verdict: 'refused' });
    expect(seen.filter((call) => call.path.startsWith('/servicemngmt/'))).toHaveLength(1);
  });

  it('a redirect is a problem naming where it pointed', async () => {
    const { settings } = await fakeBanqup({ probeStatus: 301, probeHeaders: { location: 'https://api.elsewhere.example/x?code=1' } });
    const report = await checkConnection(settings, { fetch: getOutboundFetch() });
    expect(report.probe?.verdict).toBe('redirected');
    expect(report.problems).toEqual([expect.stringContaining('to https://api.elsewhere.example;')]);
  });

  it('an API that cannot be reached is a problem', async () => {
    const closed = await serve(() => new Response(null));
    await closed.close();
    const report = await checkConnection({ mode: 'api', apiUrl: closed.url, auth: { kind: 'static', token: 'static-token-99' }, timeoutMs: 2_000 });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/could not be reached \(ECONNREFUSED\)/)]);
    expect(JSON.stringify(report)).not.toContain('static-token-99');
  });

  it('never shows credentials in URLs', async () => {
    const { settings } = await fakeBanqup();
    const report = await checkConnection({ ...settings, auth: { ...settings.auth, kind: 'oauth', tokenUrl: `${settings.apiUrl.replace('http://', 'http://user:pw@')}/oauth2/token?key=abc` } as ConnectionSettings['auth'] });
    expect(report.tokenUrl).toBe(`${settings.apiUrl}/oauth2/token`);
  });
});
