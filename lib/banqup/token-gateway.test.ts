/**
 * Tokens as gateways issue them: client credentials in the body or as HTTP Basic (RFC 6749
 * §2.3.1 encoding), expires_in missing or a string, scopes stated or not, a 401 invalid_token
 * answered in Banqup's style. Against the sandbox's token endpoint and small stubs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '@/test/http-server';
import { startSandbox, type RunningSandbox } from '@/test/sandbox';
import { createBanqupClient } from './client';
import type { AttemptRecord } from './http';
import { basicAuthorization, formUrlEncode, grants, missingScopes, parseScopes, tokenRequestInit } from './oauth';
import { DEFAULT_TOKEN_LIFETIME_S, TOKEN_EXPIRY_MARGIN_MS, createTokenProvider } from './token';

const APPLICATION_ID = '2aa7c756-6d55-44b6-9b60-06212611cfd6';
const noSleep = async () => undefined;

const stubs: TestServer[] = [];
afterEach(async () => {
  while (stubs.length > 0) await stubs.pop()?.close();
});

type Seen = { authorization: string | null; form: URLSearchParams; contentType: string | null };

/** A token endpoint that records what it is sent and answers from a script. */
async function tokenEndpoint(answer: (n: number, seen: Seen) => Response) {
  const requests: Seen[] = [];
  const server = await serve(async (request) => {
    const seen = { authorization: request.headers.get('authorization'), form: new URLSearchParams(await request.text()), contentType: request.headers.get('content-type') };
    requests.push(seen);
    return answer(requests.length, seen);
  });
  stubs.push(server);
  return { url: `${server.url}/oauth2/token`, requests };
}

const oauth = (tokenUrl: string, clientSecret = 'secret-value-xyz') => ({ kind: 'oauth' as const, tokenUrl, clientId: 'client-a', clientSecret });

describe('client authentication at the token endpoint', () => {
  it('sends the id and secret in the form body by default', async () => {
    const endpoint = await tokenEndpoint(() => Response.json({ access_token: 't1', expires_in: 60 }));
    expect(await createTokenProvider(oauth(endpoint.url)).get()).toEqual({ ok: true, token: 't1' });
    const [seen] = endpoint.requests;
    expect(seen?.contentType).toBe('application/x-www-form-urlencoded');
    expect(seen?.authorization).toBeNull();
    expect(Object.fromEntries(seen?.form ?? [])).toEqual({ grant_type: 'client_credentials', client_id: 'client-a', client_secret: 'secret-value-xyz' });
  });

  it('sends them as HTTP Basic with BANQUP_TOKEN_AUTH=basic, and not in the body', async () => {
    const endpoint = await tokenEndpoint(() => Response.json({ access_token: 't1', expires_in: 60 }));
    expect(await createTokenProvider(oauth(endpoint.url), { tokenAuth: 'basic' }).get()).toEqual({ ok: true, token: 't1' });
    const [seen] = endpoint.requests;
    expect(Object.fromEntries(seen?.form ?? [])).toEqual({ grant_type: 'client_credentials' });
    expect(seen?.authorization).toBe(`Basic ${Buffer.from('client-a:secret-value-xyz').toString('base64')}`);
  });

  it('form-urlencodes id and secret before base64 (RFC 6749 §2.3.1)', () => {
    expect(formUrlEncode('a b:c+d%e/f~g*h')).toBe('a+b%3Ac%2Bd%25e%2Ff%7Eg*h');
    const header = basicAuthorization('client:1', 'p@ss word+=/é');
    const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
    expect(decoded).toBe('client%3A1:p%40ss+word%2B%3D%2F%C3%A9');
    // Exactly one unencoded colon: the separator.
    expect(decoded.split(':')).toHaveLength(2);
  });

  it('asks for BANQUP_SCOPE in either mode', () => {
    expect(tokenRequestInit({ clientId: 'a', clientSecret: 'b', scope: 'store_write', tokenAuth: 'basic' }).body).toBe('grant_type=client_credentials&scope=store_write');
  });

});

describe("the sandbox's token endpoint", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'client:one', clientSecret: 'se cr+et:%42/é' });
  });
  afterAll(async () => sandbox.close());

  it('accepts Basic credentials with characters that need encoding', async () => {
    const provider = createTokenProvider({ kind: 'oauth', tokenUrl: `${sandbox.apiUrl}/oauth/token`, clientId: 'client:one', clientSecret: 'se cr+et:%42/é' }, { tokenAuth: 'basic' });
    const token = await provider.get();
    expect(token.ok).toBe(true);
    expect(provider.status().scopes).toEqual(['store_read', 'store_write']);
    const wrong = await createTokenProvider({ kind: 'oauth', tokenUrl: `${sandbox.apiUrl}/oauth/token`, clientId: 'client:one', clientSecret: 'se cr et:%42/é' }, { tokenAuth: 'basic' }).get();
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'auth', status: 401 } });
    expect(JSON.stringify(wrong)).not.toContain('se cr');
  });
});

describe('refused credentials', () => {
  it('reports refused Basic credentials without the secret, whatever the endpoint echoes', async () => {
    const endpoint = await tokenEndpoint((_n, seen) =>
      Response.json({ error: 'invalid_client', error_description: `bad credentials ${seen.authorization} secret-value-xyz` }, { status: 401, headers: { 'www-authenticate': 'Basic realm="gw"' } }),
    );
    const result = await createTokenProvider(oauth(endpoint.url), { tokenAuth: 'basic' }).get();
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', status: 401, retryable: false } });
    expect(JSON.stringify(result)).not.toContain('secret-value-xyz');
    expect(JSON.stringify(result)).not.toContain(Buffer.from('client-a:secret-value-xyz').toString('base64'));
    expect(JSON.stringify(result)).toContain('[redacted]');
  });
});

describe('token lifetimes', () => {
  it.each([
    ['missing', {}, DEFAULT_TOKEN_LIFETIME_S],
    ['a string', { expires_in: '120' }, 120],
    ['zero (not a lifetime)', { expires_in: 0 }, DEFAULT_TOKEN_LIFETIME_S],
    ['garbage', { expires_in: 'soon' }, DEFAULT_TOKEN_LIFETIME_S],
  ])('expires_in %s → %i s', async (_label, extra, lifetime) => {
    const endpoint = await tokenEndpoint((n) => Response.json({ access_token: `token-${n}`, token_type: 'bearer', ...extra }));
    let now = 0;
    const provider = createTokenProvider(oauth(endpoint.url), { now: () => now });
    expect(await provider.get()).toEqual({ ok: true, token: 'token-1' });
    expect(provider.status().expiresAt?.getTime()).toBe(lifetime * 1000 - Math.min(TOKEN_EXPIRY_MARGIN_MS, (lifetime * 1000) / 2));
    now = lifetime * 1000; // past expiry: a new token
    expect(await provider.get()).toEqual({ ok: true, token: 'token-2' });
  });
});

describe('scopes', () => {
  it('parses space- or comma-separated scopes and lists', () => {
    expect(parseScopes('store_read store_write')).toEqual(['store_read', 'store_write']);
    expect(parseScopes('store_read,store_write ')).toEqual(['store_read', 'store_write']);
    expect(parseScopes(['store_write', 7])).toEqual(['store_write']);
    expect(parseScopes('')).toBeUndefined();
    expect(parseScopes(undefined)).toBeUndefined();
  });

  it('accepts store_write as such or as the last part of a URI or namespaced scope, and nothing like it', () => {
    expect(grants(['store_write'], 'store_write')).toBe(true);
    expect(grants(['https://api.banqup.example/store_write'], 'store_write')).toBe(true);
    expect(grants(['banqup:store_write'], 'store_write')).toBe(true);
    expect(grants(['nostore_write', 'store_write_x', 'store_read'], 'store_write')).toBe(false);
    expect(missingScopes(undefined)).toEqual([]);
    expect(missingScopes(['store_read'])).toEqual(['store_write']);
  });

  it('a token without store_write is reported before the first call, naming the scope', async () => {
    const endpoint = await tokenEndpoint(() => Response.json({ access_token: 'read-only-token-55', expires_in: 3600, scope: 'store_read' }));
    let apiCalls = 0;
    const api = await serve(() => {
      apiCalls++;
      return Response.json({ id: APPLICATION_ID, brandName: 'Banqup' }, { status: 201 });
    });
    stubs.push(api);
    const attempts: AttemptRecord[] = [];
    const client = createBanqupClient({ baseUrl: api.url, tokens: createTokenProvider(oauth(endpoint.url)), timeoutMs: 5_000, maxAttempts: 3, sleep: noSleep });
    const result = await client.addBrand(APPLICATION_ID, { brandName: 'Banqup' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', status: null, title: 'Missing scope', retryable: false } });
    if (!result.ok) {
      expect(result.error.detail).toMatch(/lacks the scope store_write/);
      expect(result.error.detail).toMatch(/grants: store_read/);
      expect(result.error.detail).toMatch(/BANQUP_SCOPE=store_write/);
    }
    expect(apiCalls).toBe(0);
    expect(attempts).toEqual([expect.objectContaining({ status: null, error: expect.stringMatching(/store_write/) })]);
    expect(JSON.stringify([result, attempts])).not.toContain('read-only-token-55');

    // The token stays cached: a second call does not ask the token endpoint again.
    await client.addBrand(APPLICATION_ID, { brandName: 'Banqup' });
    expect(endpoint.requests).toHaveLength(1);
    expect(apiCalls).toBe(0);
  });

  it('a token that states no scopes is used as it is (unknown is not missing)', async () => {
    const endpoint = await tokenEndpoint(() => Response.json({ access_token: 'tok', expires_in: 3600 }));
    expect(await createTokenProvider(oauth(endpoint.url)).get()).toEqual({ ok: true, token: 'tok' });
  });

  it('a scope list in JSON array form is read', async () => {
    const endpoint = await tokenEndpoint(() => Response.json({ access_token: 'tok', scope: ['store_read', 'store_write'] }));
    const provider = createTokenProvider(oauth(endpoint.url));
    expect((await provider.get()).ok).toBe(true);
    expect(provider.status().scope).toBe('store_read store_write');
  });
});

describe('a 401 invalid_token in Banqup style', () => {
  it('from a stub: WWW-Authenticate invalid_token and a Banqup body fetch a fresh token once', async () => {
    const endpoint = await tokenEndpoint((n) => Response.json({ access_token: `token-${n}`, expires_in: 3600, scope: 'store_write' }));
    const bearers: string[] = [];
    const api = await serve((request) => {
      const bearer = request.headers.get('authorization') ?? '';
      bearers.push(bearer);
      if (bearer === 'Bearer token-1') {
        return Response.json(
          { status: 401, error: 'UNAUTHORIZED', timestamp: '2026-04-16T13:03:36Z', title: 'Unauthorized', detail: 'Access token expired', requestId: 'req-401' },
          { status: 401, headers: { 'www-authenticate': 'Bearer realm="banqup", error="invalid_token", error_description="The access token expired"' } },
        );
      }
      return Response.json({ id: APPLICATION_ID, brandName: 'Banqup' }, { status: 201 });
    });
    stubs.push(api);
    const attempts: AttemptRecord[] = [];
    const client = createBanqupClient({ baseUrl: api.url, tokens: createTokenProvider(oauth(endpoint.url)), timeoutMs: 5_000, maxAttempts: 3, sleep: noSleep });
    const result = await client.addBrand(APPLICATION_ID, { brandName: 'Banqup' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result.ok).toBe(true);
    expect(bearers).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(endpoint.requests).toHaveLength(2);
    expect(attempts.map((a) => [a.status, a.error, a.requestId])).toEqual([
      [401, 'Access token expired', 'req-401'],
      [201, null, null],
    ]);
    expect(JSON.stringify(attempts)).not.toMatch(/token-[12]/);
  });


  let sandbox: RunningSandbox;
  let applicationId: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ errorStyle: 'banqup' });
    applicationId = await sandbox.createDraft();
  });
  afterAll(async () => sandbox.close());

  it('fetches a fresh token once, then succeeds; a second 401 is reported with its detail', async () => {
    let tokenRequests = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/oauth/token')) tokenRequests++;
      return fetch(input, init);
    };
    const tokens = createTokenProvider({ kind: 'oauth', tokenUrl: `${sandbox.apiUrl}/oauth/token`, clientId: 'sandbox-client', clientSecret: 'sandbox-secret' }, { fetch: countingFetch, tokenAuth: 'basic' });
    const client = createBanqupClient({ baseUrl: sandbox.apiUrl, tokens, timeoutMs: 5_000, maxAttempts: 3, sleep: noSleep, fetch: countingFetch });
    expect((await client.addBrand(applicationId, { brandName: 'Banqup' })).ok).toBe(true);
    expect(tokenRequests).toBe(1);

    // The sandbox answers a refused bearer token with 401, WWW-Authenticate: Bearer error="invalid_token"
    // and (in banqup style) {status, error: "UNAUTHORIZED", timestamp, title, detail, requestId}.
    const response = await fetch(`${sandbox.apiUrl}/servicemngmt/v1/applications/${applicationId}/brands`, {
      method: 'POST',
      headers: { authorization: 'Bearer expired-token', 'content-type': 'application/json' },
      body: '{"brandName":"ALL"}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await response.json()).toMatchObject({ status: 401, error: 'UNAUTHORIZED', detail: 'The bearer token is invalid or expired.' });

    // Now make the API refuse the cached token once, as an expired one is.
    await sandbox.fault({ path: '/brands', status: 401, style: 'banqup', detail: 'The access token expired' });
    const attempts: AttemptRecord[] = [];
    const result = await client.addBrand(applicationId, { brandName: 'ALL' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result.ok).toBe(true);
    expect(tokenRequests).toBe(2);
    expect(attempts.map((a) => a.status)).toEqual([401, 201]);

    await sandbox.fault({ path: '/brands', status: 401, style: 'banqup', detail: 'The access token expired', times: 2 });
    const refused = await client.addBrand(applicationId, { brandName: 'ALL' });
    expect(refused).toMatchObject({ ok: false, error: { status: 401, detail: 'The access token expired' } });
    if (!refused.ok) expect(refused.error.requestId).toBeTruthy();
    expect(tokenRequests).toBe(3);
  });
});
