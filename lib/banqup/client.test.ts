import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serve } from '@/test/http-server';
import { startSandbox, type RunningSandbox } from '@/test/sandbox';
import { createBanqupClient } from './client';
import { banqupRequest, type AttemptRecord } from './http';
import { createTokenProvider } from './token';

const VERSION_BODY = {
  version: '1.0.0',
  releaseNote: 'Initial release notes',
  releaseDate: '2026-04-16T13:03:36Z',
  manifest: {
    serviceAccount: 'f47c5440-89cb-11ee-b9d1-0242ac120002',
    accessManagement: { permissions: [{ resource: 'space', scope: 'space_read' }] },
    appCallbacks: { addUrl: 'https://myapp.example/add', security: { authorizationHeader: 'callback-secret-4242' } },
  },
  copyright: 'Copyright 2026 Banqup',
};

let sandbox: RunningSandbox;
let applicationId: string;
let attempts: AttemptRecord[];
const onAttempt = (record: AttemptRecord) => void attempts.push(record);
const noSleep = async () => undefined;

function staticClient(overrides: { token?: string; timeoutMs?: number; baseUrl?: string } = {}) {
  return createBanqupClient({
    baseUrl: overrides.baseUrl ?? sandbox.apiUrl,
    tokens: createTokenProvider({ kind: 'static', token: overrides.token ?? 'sandbox-token' }),
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxAttempts: 3,
    sleep: noSleep,
  });
}

beforeAll(async () => {
  sandbox = await startSandbox();
  applicationId = await sandbox.createDraft();
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  attempts = [];
  await sandbox.clearFaults();
});

describe('Banqup client against the sandbox', () => {
  it('sends step 2 and returns the parsed response, journaling the attempt', async () => {
    const result = await staticClient().addInfoLocalization(
      applicationId,
      { locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Manage purchase invoices', description: 'Purchases app helps you manage your purchase invoices' },
      { onAttempt },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toMatchObject({ locale: 'en-GB', displayName: 'Purchase app' });
    expect(result.data.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ method: 'POST', path: `/servicemngmt/v2/applications/${applicationId}/infoLocalizations`, status: 201, attempt: 1 });
  });

  it('sends every step of the recipe, multipart ones included, and the sandbox holds them', async () => {
    const client = staticClient();
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"/>');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await client.putLogo(applicationId, { bytes: svg, fileName: 'logo.svg', contentType: 'image/svg+xml' })).ok).toBe(true);
    const media = await client.addMedia(applicationId, { bytes: png, fileName: 'shot.png', contentType: 'image/png' }, { displayOrder: 1, mediaType: 'IMAGE' });
    expect(media).toMatchObject({ ok: true, data: { applicationId, mediaType: 'IMAGE', displayOrder: 1 } });
    expect((await client.addSpaceType(applicationId, { spaceType: 'BUSINESS' })).ok).toBe(true);
    expect((await client.addSpaceSegment(applicationId, { spaceSegment: 'SME' })).ok).toBe(true);
    expect((await client.addBrand(applicationId, { brandName: 'Banqup' })).ok).toBe(true);
    expect((await client.addLocation(applicationId, { countryCode: 'BE', status: 'ACTIVE' })).ok).toBe(true);
    const version = await client.addVersion(applicationId, VERSION_BODY, { onAttempt });
    expect(version.ok).toBe(true);
    if (version.ok) {
      expect(version.data.status).toBe('VALID');
      expect(JSON.stringify(version.data)).not.toContain('callback-secret-4242');
    }
    // The journal never holds the callbacks' authorization header.
    expect(JSON.stringify(attempts)).not.toContain('callback-secret-4242');
    expect(JSON.stringify(attempts)).toContain('[redacted]');

    const held = await sandbox.read(applicationId);
    expect(held.logo).toMatchObject({ contentType: 'image/svg+xml' });
    expect(held.medias).toEqual([expect.objectContaining({ displayOrder: 1, contentType: 'image/png' })]);
    expect(held.locations).toEqual([expect.objectContaining({ countryCode: 'BE', status: 'ACTIVE' })]);
  });

  it('refuses an invalid request without sending it', async () => {
    const result = await staticClient().addBrand(applicationId, { brandName: 'Other' as 'Banqup' }, { onAttempt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('config');
    expect(result.error.fieldErrors.brandName?.[0]).toMatch(/Banqup, Jefacture or ALL/);
    expect(attempts).toHaveLength(0);
  });

  it('maps a 400 with field errors from the API onto the fields', async () => {
    const client = staticClient();
    const result = await banqupRequest(
      client.options,
      { method: 'POST', path: `/servicemngmt/v1/applications/${applicationId}/locations`, body: { kind: 'json', value: { countryCode: 'XX', status: 'ON' } }, schema: null },
      { onAttempt },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'http', status: 400, retryable: false });
    expect(Object.keys(result.error.fieldErrors).sort()).toEqual(['countryCode', 'status']);
    expect(attempts).toHaveLength(1); // a 4xx is never retried
  });

  it('answers 404 for an unknown application', async () => {
    const result = await staticClient().addBrand('2aa7c756-6d55-44b6-9b60-06212611cfd6', { brandName: 'Banqup' });
    expect(result).toMatchObject({ ok: false, error: { status: 404, kind: 'http' } });
    if (!result.ok) expect(result.error.detail).toMatch(/Unknown application/);
  });

  it('reports a refused static token as 401 and never includes the token', async () => {
    const result = await staticClient({ token: 'wrong-token-31337' }).addBrand(applicationId, { brandName: 'Banqup' }, { onAttempt });
    expect(result).toMatchObject({ ok: false, error: { status: 401 } });
    expect(JSON.stringify(result)).not.toContain('wrong-token-31337');
    expect(JSON.stringify(attempts)).not.toContain('wrong-token-31337');
    expect(attempts).toHaveLength(1);
  });

  it('fetches a fresh OAuth token once on a 401, then succeeds', async () => {
    let tokenRequests = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/oauth/token')) tokenRequests++;
      return fetch(input, init);
    };
    const tokens = createTokenProvider(
      { kind: 'oauth', tokenUrl: `${sandbox.apiUrl}/oauth/token`, clientId: 'sandbox-client', clientSecret: 'sandbox-secret' },
      { fetch: countingFetch },
    );
    const client = createBanqupClient({ baseUrl: sandbox.apiUrl, tokens, timeoutMs: 5_000, maxAttempts: 3, sleep: noSleep });
    expect((await client.addSpaceType(applicationId, { spaceType: 'PARTNER' })).ok).toBe(true);
    expect(tokenRequests).toBe(1);
    await sandbox.fault({ path: '/spaceTypes', status: 401 });
    const result = await client.addSpaceType(applicationId, { spaceType: 'PARTNER' }, { onAttempt });
    expect(result.ok).toBe(true);
    expect(tokenRequests).toBe(2);
    expect(attempts.map((a) => a.status)).toEqual([401, 201]);

    // A second 401 in a row is not papered over: it is reported.
    await sandbox.fault({ path: '/spaceTypes', status: 401, times: 2 });
    const refused = await client.addSpaceType(applicationId, { spaceType: 'PARTNER' });
    expect(refused).toMatchObject({ ok: false, error: { status: 401 } });
    expect(tokenRequests).toBe(3);
  });

  it('retries a 503 and succeeds, journaling both attempts', async () => {
    await sandbox.fault({ path: '/brands', status: 503 });
    const result = await staticClient().addBrand(applicationId, { brandName: 'ALL' }, { onAttempt });
    expect(result.ok).toBe(true);
    expect(attempts.map((a) => [a.status, a.attempt])).toEqual([
      [503, 1],
      [201, 2],
    ]);
  });

  it('gives up on repeated 5xx after the configured attempts (a read), and never resends a POST the API failed', async () => {
    await sandbox.fault({ path: '/applications/', method: 'GET', status: 500, times: 5 });
    const read = await staticClient().getApplication(applicationId, { onAttempt });
    expect(read).toMatchObject({ ok: false, error: { status: 500, retryable: true } });
    expect(attempts).toHaveLength(3);

    attempts = [];
    await sandbox.fault({ path: '/brands', status: 500, times: 5 });
    const post = await staticClient().addBrand(applicationId, { brandName: 'ALL' }, { onAttempt });
    // Even the API's own JSON 500 may come after the item was stored: unknown, never resent.
    expect(post).toMatchObject({ ok: false, error: { status: 500, maybeDelivered: true } });
    expect(attempts).toHaveLength(1);
  });

  it('retries a 429 after its Retry-After', async () => {
    const waits: number[] = [];
    await sandbox.fault({ path: '/locations', status: 429 });
    const client = createBanqupClient({
      ...staticClient().options,
      sleep: async (ms) => void waits.push(ms),
    });
    const result = await client.addLocation(applicationId, { countryCode: 'FR', status: 'ACTIVE' });
    expect(result.ok).toBe(true);
    expect(waits).toEqual([0]); // the sandbox sends Retry-After: 0
  });

  it('does not retry a timed-out POST (it may have arrived) but does retry a timed-out PUT', async () => {
    await sandbox.fault({ path: '/brands', delayMs: 1_000, status: 503 });
    const post = await staticClient({ timeoutMs: 200 }).addBrand(applicationId, { brandName: 'Jefacture' }, { onAttempt });
    expect(post).toMatchObject({ ok: false, error: { kind: 'timeout', status: null } });
    expect(attempts).toHaveLength(1);

    attempts = [];
    await sandbox.fault({ path: '/logo', delayMs: 1_000, status: 503 });
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const put = await staticClient({ timeoutMs: 200 }).putLogo(applicationId, { bytes: svg, fileName: 'l.svg', contentType: 'image/svg+xml' }, { onAttempt });
    expect(put.ok).toBe(true);
    expect(attempts.map((a) => a.error === null)).toEqual([false, true]);
  });

  it('retries a refused connection, then reports the network error', async () => {
    const closed = await serve(() => new Response(null));
    await closed.close(); // its port is now free: nothing listens there
    const result = await staticClient({ baseUrl: `${closed.url}/sandbox` }).addBrand(applicationId, { brandName: 'ALL' }, { onAttempt });
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', status: null } });
    expect(attempts).toHaveLength(3);
  });
});
