import { afterEach, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '@/test/http-server';
import { createTokenProvider, DEFAULT_TOKEN_LIFETIME_S, TOKEN_EXPIRY_MARGIN_MS } from './token';

type Answer = { status?: number; body: unknown };
let stub: TestServer | undefined;
afterEach(async () => stub?.close());

/** A token endpoint that answers from a script and records what it was sent. */
async function tokenEndpoint(answer: (n: number) => Answer) {
  const requests: URLSearchParams[] = [];
  stub = await serve(async (request) => {
    requests.push(new URLSearchParams(await request.text()));
    const { status = 200, body } = answer(requests.length);
    return Response.json(body, { status });
  });
  return { url: `${stub.url}/token`, requests };
}

const oauth = (tokenUrl: string) => ({ kind: 'oauth' as const, tokenUrl, clientId: 'client-a', clientSecret: 'secret-value-xyz', scope: 'store_write' });

describe('OAuth2 client-credentials token cache', () => {
  it('sends the client credentials form-encoded and caches the token until shortly before expiry', async () => {
    const endpoint = await tokenEndpoint((n) => ({ body: { access_token: `token-${n}`, token_type: 'Bearer', expires_in: 120 } }));
    let now = 1_000_000;
    const tokens = createTokenProvider(oauth(endpoint.url), { now: () => now });

    expect(await tokens.get()).toEqual({ ok: true, token: 'token-1' });
    expect(Object.fromEntries(endpoint.requests[0] ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-a',
      client_secret: 'secret-value-xyz',
      scope: 'store_write',
    });

    now += 120_000 - TOKEN_EXPIRY_MARGIN_MS - 1;
    expect(await tokens.get()).toEqual({ ok: true, token: 'token-1' });
    expect(endpoint.requests).toHaveLength(1);

    now += 2; // inside the margin: refresh before it expires
    expect(await tokens.get()).toEqual({ ok: true, token: 'token-2' });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('fetches a new token after invalidate() (a 401)', async () => {
    const endpoint = await tokenEndpoint((n) => ({ body: { access_token: `token-${n}`, expires_in: 3600 } }));
    const tokens = createTokenProvider(oauth(endpoint.url));
    await tokens.get();
    tokens.invalidate();
    expect(await tokens.get()).toEqual({ ok: true, token: 'token-2' });
  });

  it('shares one request among concurrent callers', async () => {
    const endpoint = await tokenEndpoint((n) => ({ body: { access_token: `token-${n}`, expires_in: 3600 } }));
    const tokens = createTokenProvider(oauth(endpoint.url));
    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.get()));
    expect(new Set(results.map((r) => (r.ok ? r.token : 'error')))).toEqual(new Set(['token-1']));
    expect(endpoint.requests).toHaveLength(1);
  });

  it.each([
    ['missing', undefined, DEFAULT_TOKEN_LIFETIME_S],
    ['a string', '90', 90],
  ])('accepts expires_in %s', async (_label, expiresIn, lifetime) => {
    const endpoint = await tokenEndpoint((n) => ({ body: { access_token: `token-${n}`, ...(expiresIn ? { expires_in: expiresIn } : {}) } }));
    let now = 0;
    const tokens = createTokenProvider(oauth(endpoint.url), { now: () => now });
    await tokens.get();
    const expiresAt = tokens.status().expiresAt?.getTime() ?? 0;
    expect(expiresAt).toBe(lifetime * 1000 - Math.min(TOKEN_EXPIRY_MARGIN_MS, (lifetime * 1000) / 2));
    now = expiresAt;
    await tokens.get();
    expect(endpoint.requests).toHaveLength(2);
  });

  it('reports refused credentials without the secret', async () => {
    const endpoint = await tokenEndpoint(() => ({
      status: 401,
      body: { error: 'invalid_client', error_description: 'bad secret secret-value-xyz' },
    }));
    const result = await createTokenProvider(oauth(endpoint.url)).get();
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', status: 401 } });
    expect(JSON.stringify(result)).not.toContain('secret-value-xyz');
  });

  it('reports an answer without access_token', async () => {
    const endpoint = await tokenEndpoint(() => ({ body: { token_type: 'Bearer' } }));
    const result = await createTokenProvider(oauth(endpoint.url)).get();
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', detail: expect.stringMatching(/access_token/) } });
  });

  it('uses a static token as it is', async () => {
    const tokens = createTokenProvider({ kind: 'static', token: 'static-1' });
    expect(await tokens.get()).toEqual({ ok: true, token: 'static-1' });
    expect(tokens.secrets()).toEqual(['static-1']);
  });
});
