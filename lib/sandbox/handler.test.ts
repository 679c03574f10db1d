import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '@/lib/banqup/limits';
import { startSandbox, type RunningSandbox } from '@/test/sandbox';

/**
 * The recipe's curl examples, sent to the sandbox over HTTP, get the responses the recipe
 * documents; wrong token, enum, field or application get the right problem+json.
 */
let sandbox: RunningSandbox;
let applicationId: string;
const AUTH = { authorization: 'Bearer sandbox-token', accept: 'application/json' };
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="512" height="512"/></svg>';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

const url = (path: string) => `${sandbox.apiUrl}/servicemngmt${path.replace('{id}', applicationId)}`;
const postJson = (path: string, body: unknown, headers: Record<string, string> = AUTH) =>
  fetch(url(path), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const upload = (path: string, method: string, fields: Record<string, string | Blob>, headers: Record<string, string> = AUTH) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.set(name, value);
    else form.set(name, value, name === 'logoFile' ? 'My-app-logo.svg' : 'My-media.png');
  }
  return fetch(url(path), { method, headers, body: form });
};

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { type: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[] };
}

const VERSION_EXAMPLE = {
  version: '1.0.0',
  releaseNote: 'Initial release notes',
  releaseDate: '2026-04-16T13:03:36Z',
  manifest: {
    serviceAccount: 'f47c5440-89cb-11ee-b9d1-0242ac120002',
    accessManagement: {
      permissions: [
        { resource: 'space', scope: 'space_read' },
        { resource: 'space', scope: 'space_write' },
      ],
    },
    appCallbacks: {
      addUrl: 'http://myapp.domain/add',
      activationUrl: 'http://myapp.domain/activate',
      deactivationUrl: 'http://myapp.domain/deactivate',
      configureUrl: 'http://myapp.domain/configure',
      removeUrl: 'http://myapp.domain/remove',
      security: { authorizationHeader: 'my-token' },
    },
    minAssuranceLevels: { entity: 'urn:btx:L2', user: 'urn:btx:L1' },
  },
  copyright: 'Copyright 2026 Banqup',
};

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.apiUrl}/control/faults`, { method: 'DELETE', headers: { 'x-sandbox-control': '1' } });
});

describe('the recipe, step by step, against the sandbox', () => {
  it('step 1: Support creates a draft app', async () => {
    const response = await fetch(`${sandbox.apiUrl}/support/drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Purchase app', namespace: 'my_namespace', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' }),
    });
    expect(response.status).toBe(201);
    const draft = (await response.json()) as { applicationId: string };
    expect(draft).toEqual({ applicationId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Purchase app', namespace: 'my_namespace', status: 'DRAFT' });
    applicationId = draft.applicationId;
  });

  it('step 2: infoLocalizations (v2) echoes the body with the applicationId as its id, as the recipe shows', async () => {
    const body = { locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Manage purchase invoices', description: 'Purchases app helps you manage your purchase invoices' };
    const response = await postJson('/v2/applications/{id}/infoLocalizations', body);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: applicationId, ...body });
  });

  it('step 3: logo (PUT, multipart logoFile) answers 200', async () => {
    const response = await upload('/v1/applications/{id}/logo', 'PUT', { logoFile: new Blob([SVG], { type: 'image/svg+xml' }) });
    expect(response.status).toBe(200);
  });

  it('step 4: medias (multipart mediaFile, displayOrder, mediaType)', async () => {
    const response = await upload('/v1/applications/{id}/medias', 'POST', { mediaFile: new Blob([PNG]), displayOrder: '1', mediaType: 'IMAGE' });
    expect(response.status).toBe(201);
    const media = (await response.json()) as { id: string };
    expect(media).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), applicationId, mediaType: 'IMAGE', displayOrder: 1 });
    expect(media.id).not.toBe(applicationId);
  });

  it.each([
    ['/v1/applications/{id}/spaceTypes', { spaceType: 'BUSINESS' }],
    ['/v2/applications/{id}/spaceSegments', { spaceSegment: 'CORPORATE' }],
    ['/v1/applications/{id}/brands', { brandName: 'Banqup' }],
    ['/v1/applications/{id}/locations', { countryCode: 'BE', status: 'ACTIVE' }],
  ])('steps 5–8: %s echoes %o with the applicationId as its id', async (path, body) => {
    const response = await postJson(path, body);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: applicationId, ...body });
  });

  it('step 9: versions answers VALID, without serviceAccount or the callbacks security block', async () => {
    const response = await postJson('/v1/applications/{id}/versions', VERSION_EXAMPLE);
    expect(response.status).toBe(201);
    const { manifest, ...rest } = VERSION_EXAMPLE;
    const { serviceAccount: _serviceAccount, appCallbacks, ...manifestRest } = manifest;
    const { security: _security, ...callbackUrls } = appCallbacks;
    expect(await response.json()).toEqual({ id: expect.any(String), ...rest, manifest: { ...manifestRest, appCallbacks: callbackUrls }, status: 'VALID' });
  });

  it('a second POST of the same country adds a duplicate (the least forgiving reading), and the read shows it', async () => {
    expect((await postJson('/v1/applications/{id}/locations', { countryCode: 'NL', status: 'ACTIVE' })).status).toBe(201);
    expect((await postJson('/v1/applications/{id}/locations', { countryCode: 'NL', status: 'ACTIVE' })).status).toBe(201);
    const held = (await sandbox.read(applicationId)) as { locations: { id: string; countryCode: string }[] };
    expect(held.locations.map((l) => l.countryCode)).toEqual(['BE', 'NL', 'NL']);
    expect(new Set(held.locations.map((l) => l.id)).size).toBe(3);
  });

  it('a fault can carry the call out and then answer 504, drop the connection, or answer late', async () => {
    await sandbox.fault({ path: '/locations', status: 504, style: 'html', after: true });
    expect((await postJson('/v1/applications/{id}/locations', { countryCode: 'LU', status: 'ACTIVE' })).status).toBe(504);
    await sandbox.fault({ path: '/locations', after: true, drop: true });
    // The connection breaks before the answer is whole: the fetch or the body read fails.
    await expect(postJson('/v1/applications/{id}/locations', { countryCode: 'DE', status: 'ACTIVE' }).then((response) => response.text())).rejects.toThrow();
    await sandbox.fault({ path: '/locations', after: true, delayMs: 200 });
    const started = performance.now();
    expect((await postJson('/v1/applications/{id}/locations', { countryCode: 'AT', status: 'ACTIVE' })).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    // All three were carried out: Banqup holds them although no clean success came back.
    const held = (await sandbox.read(applicationId)) as { locations: { countryCode: string }[] };
    expect(held.locations.map((l) => l.countryCode)).toEqual(expect.arrayContaining(['LU', 'DE', 'AT']));
  });

  it('refuses the same version twice with 409', async () => {
    const response = await postJson('/v1/applications/{id}/versions', VERSION_EXAMPLE);
    expect(response.status).toBe(409);
    expect((await problem(response)).errors).toEqual([{ field: 'version', message: expect.any(String) }]);
  });

  it('the read endpoint returns everything held for the application', async () => {
    const held = (await sandbox.read(applicationId)) as Record<string, unknown[]> & { logo: unknown; application: unknown };
    expect(held.application).toMatchObject({ id: applicationId, name: 'Purchase app', status: 'DRAFT' });
    expect(held.infoLocalizations).toHaveLength(1);
    expect(held.logo).toMatchObject({ contentType: 'image/svg+xml', size: SVG.length, sha256: sha256(SVG), fileName: 'My-app-logo.svg' });
    expect(held.medias).toEqual([expect.objectContaining({ displayOrder: 1, mediaType: 'IMAGE', contentType: 'image/png', size: PNG.length, sha256: sha256(PNG) })]);
    expect(held.spaceTypes).toHaveLength(1);
    expect(held.spaceSegments).toHaveLength(1);
    expect(held.brands).toHaveLength(1);
    expect(held.versions).toEqual([expect.objectContaining({ version: '1.0.0', status: 'VALID' })]);
  });
});

describe("Banqup's production example for step 1", () => {
  it('POST /servicemngmt/v2/applications accepts namespace com.unifiedpost.btx and name My-app', async () => {
    // Verbatim from Banqup's production recipe: a dotted namespace and a hyphen in the name.
    const body = { namespace: 'com.unifiedpost.btx', name: 'My-app', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002', functionalType: 'APPLICATION', audienceType: 'PUBLIC' };
    const response = await postJson('/v2/applications', body);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string };
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), ...body, status: 'DRAFT' });
    const read = await fetch(`${sandbox.apiUrl}/servicemngmt/v1/applications/${created.id}`, { headers: AUTH });
    expect(((await read.json()) as { application: unknown }).application).toMatchObject({ namespace: 'com.unifiedpost.btx', name: 'My-app', status: 'DRAFT' });
  });

  it('Support drafts accept it too; only a blank or control-character namespace is refused', async () => {
    const draft = (namespace: string) =>
      fetch(`${sandbox.apiUrl}/support/drafts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'My-app', namespace, ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' }),
      });
    expect((await draft('com.unifiedpost.btx')).status).toBe(201);
    for (const namespace of ['  ', 'com.unifiedpost\nbtx']) {
      const refused = await problem(await draft(namespace));
      expect(refused).toMatchObject({ status: 400, errors: [{ field: 'namespace', message: expect.any(String) }] });
    }
  });
});

describe('sandbox errors', () => {
  it('401 without a token, or with a wrong one', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }];
    for (const headers of attempts) {
      const response = await postJson('/v1/applications/{id}/brands', { brandName: 'Banqup' }, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await problem(response)).status).toBe(401);
    }
  });

  it('400 with field errors for a wrong enum and for a missing field', async () => {
    const wrongEnum = await problem(await postJson('/v1/applications/{id}/spaceTypes', { spaceType: 'business' }));
    expect(wrongEnum).toMatchObject({ status: 400, errors: [{ field: 'spaceType', message: expect.stringMatching(/BUSINESS or PARTNER/) }] });
    const missing = await problem(await postJson('/v2/applications/{id}/infoLocalizations', { locale: 'en-GB', displayName: 'X', shortDescription: 'Y' }));
    expect(missing.errors).toEqual([{ field: 'description', message: 'Description is required' }]);
    const nested = await problem(await postJson('/v1/applications/{id}/versions', { ...VERSION_EXAMPLE, version: '2.0.0', manifest: { ...VERSION_EXAMPLE.manifest, serviceAccount: 'nope' } }));
    expect(nested.errors?.map((e) => e.field)).toEqual(['manifest.serviceAccount']);
  });

  it('400 for a body that is not JSON', async () => {
    const response = await fetch(url('/v1/applications/{id}/brands'), { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"brandName":' });
    expect((await problem(response)).status).toBe(400);
  });

  it('404 for an unknown application, a wrong API version and an unknown path', async () => {
    expect((await postJson('/v1/applications/2aa7c756-6d55-44b6-9b60-06212611cfd6/brands', { brandName: 'Banqup' })).status).toBe(404);
    expect((await postJson('/v1/applications/not-a-uuid/brands', { brandName: 'Banqup' })).status).toBe(404);
    const wrongVersion = await problem(await postJson('/v1/applications/{id}/infoLocalizations', { locale: 'en-GB' }));
    expect(wrongVersion).toMatchObject({ status: 404, detail: expect.stringMatching(/served under \/servicemngmt\/v2\//) });
    expect((await fetch(`${sandbox.apiUrl}/nothing/here`, { headers: AUTH })).status).toBe(404);
  });

  it('405 with Allow for a wrong method', async () => {
    const response = await fetch(url('/v1/applications/{id}/logo'), { method: 'POST', headers: AUTH });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('PUT');
  });

  it('413 for a logo over the limit, refused before the whole body is read', async () => {
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(PNG);
    const response = await upload('/v1/applications/{id}/logo', 'PUT', { logoFile: new Blob([big]) });
    expect((await problem(response)).status).toBe(413);
  });

  it('415 for JSON sent to a multipart endpoint, a form sent to a JSON one, and a file that is not an image', async () => {
    expect((await postJson('/v1/applications/{id}/medias', { mediaType: 'IMAGE' })).status).toBe(415);
    expect((await upload('/v1/applications/{id}/brands', 'POST', { brandName: 'Banqup' })).status).toBe(415);
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]);
    const response = await upload('/v1/applications/{id}/logo', 'PUT', { logoFile: new Blob([exe], { type: 'image/png' }) });
    expect((await problem(response)).detail).toMatch(/not an SVG, PNG, JPEG or WebP/);
  });

  it('400 for a media upload with a wrong mediaType or displayOrder', async () => {
    const response = await upload('/v1/applications/{id}/medias', 'POST', { mediaFile: new Blob([PNG]), displayOrder: '0', mediaType: 'VIDEO' });
    expect((await problem(response)).errors?.map((e) => e.field).sort()).toEqual(['displayOrder', 'mediaType']);
  });
});

describe('sandbox OAuth token endpoint', () => {
  const tokenRequest = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${sandbox.apiUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

  it('issues a token for the default client, which then authorises calls', async () => {
    const response = await tokenRequest('grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret');
    expect(response.status).toBe(200);
    const token = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const call = await postJson('/v1/applications/{id}/brands', { brandName: 'ALL' }, { authorization: `Bearer ${token.access_token}` });
    expect(call.status).toBe(201);
  });

  it('accepts the client credentials as HTTP Basic', async () => {
    const basic = Buffer.from('sandbox-client:sandbox-secret').toString('base64');
    expect((await tokenRequest('grant_type=client_credentials', { authorization: `Basic ${basic}` })).status).toBe(200);
  });

  it('refuses a wrong secret and another grant type', async () => {
    const wrong = await tokenRequest('grant_type=client_credentials&client_id=sandbox-client&client_secret=nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const password = await tokenRequest('grant_type=password&username=a&password=b');
    expect(await password.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('sandbox fault control', () => {
  it('fails the next N matching calls with the given status, then recovers', async () => {
    await sandbox.fault({ path: '/brands', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postJson('/v1/applications/{id}/brands', { brandName: 'ALL' })).status);
    expect(statuses).toEqual([503, 503, 201]);
  });

  it('answers after a delay', async () => {
    await sandbox.fault({ path: '/brands', delayMs: 300 });
    const started = performance.now();
    expect((await postJson('/v1/applications/{id}/brands', { brandName: 'ALL' })).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it.each([
    ['banqup', 'application/json', (body: string) => expect(JSON.parse(body)).toMatchObject({ status: 400, error: 'BAD_REQUEST', requestId: expect.any(String) })],
    ['html', 'text/html; charset=utf-8', (body: string) => expect(body).toMatch(/^<!DOCTYPE html>/)],
    ['empty', null, (body: string) => expect(body).toBe('')],
  ])('answers in the %s style', async (style, contentType, check) => {
    await sandbox.fault({ path: '/brands', status: 400, style });
    const response = await postJson('/v1/applications/{id}/brands', { brandName: 'ALL' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe(contentType);
    check(await response.text());
  });

  it('refuses a fault without status or delay', async () => {
    const response = await fetch(`${sandbox.apiUrl}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' }, body: JSON.stringify({ path: '/x' }) });
    expect(response.status).toBe(400);
  });

  it('cannot be driven from another site: a custom header is required, and a form posing as JSON is refused', async () => {
    const body = JSON.stringify({ path: '/brands', status: 500, times: 100 });
    // What a cross-origin page can send without a CORS preflight: no custom header, a "simple" type.
    for (const contentType of ['application/x-www-form-urlencoded;+json', 'text/plain', 'application/json']) {
      const response = await fetch(`${sandbox.apiUrl}/control/faults`, { method: 'POST', headers: { 'content-type': contentType }, body });
      expect(response.status, contentType).toBe(403);
    }
    expect((await fetch(`${sandbox.apiUrl}/control/faults`, { method: 'DELETE' })).status).toBe(403);
    const posing = await fetch(`${sandbox.apiUrl}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;+json', 'x-sandbox-control': '1' }, body });
    expect(posing.status).toBe(415);
    const faults = await fetch(`${sandbox.apiUrl}/control/faults`, { headers: { 'x-sandbox-control': '1' } });
    expect(((await faults.json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('refuses a fault that would carry a call out and then deny it (a 4xx, 429 or the API\'s own 503)', async () => {
    for (const fault of [
      { path: '/brands', after: true, status: 400 },
      { path: '/brands', after: true, status: 429 },
      { path: '/brands', after: true, status: 503 },
      { path: '/brands', after: true, status: 503, style: 'banqup' },
    ]) {
      const response = await fetch(`${sandbox.apiUrl}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' }, body: JSON.stringify(fault) });
      expect(response.status, JSON.stringify(fault)).toBe(400);
    }
    const gateway = await fetch(`${sandbox.apiUrl}/control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
      body: JSON.stringify({ path: '/brands', after: true, status: 503, style: 'html' }),
    });
    expect(gateway.status).toBe(201);
    await fetch(`${sandbox.apiUrl}/control/faults`, { method: 'DELETE', headers: { 'x-sandbox-control': '1' } });
  });

  it('reads media types strictly', async () => {
    const { mediaType } = await import('./handler');
    expect(mediaType('application/json; charset=utf-8')).toBe('application/json');
    expect(mediaType('Application/Problem+JSON')).toBe('application/problem+json');
    expect(mediaType('application/x-www-form-urlencoded;+json')).toBeUndefined();
    expect(mediaType('application/json, text/plain')).toBeUndefined();
    expect(mediaType(null)).toBeUndefined();
  });
});

describe('the read endpoint keeps the callbacks secret, as Banqup\'s answers do', () => {
  it('shows a version without its authorization header, only its SHA-256', async () => {
    const app = await sandbox.createDraft();
    const response = await fetch(url('/v1/applications/{id}/versions').replace(applicationId, app), {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(VERSION_EXAMPLE),
    });
    expect(response.status).toBe(201);
    const read = await sandbox.read(app);
    expect(JSON.stringify(read)).not.toContain('my-token');
    expect((read as { versions: { manifest: { appCallbacks: unknown } }[] }).versions[0]?.manifest.appCallbacks).toEqual({
      addUrl: 'http://myapp.domain/add',
      activationUrl: 'http://myapp.domain/activate',
      deactivationUrl: 'http://myapp.domain/deactivate',
      configureUrl: 'http://myapp.domain/configure',
      removeUrl: 'http://myapp.domain/remove',
      authorizationHeaderSha256: sha256('my-token'),
    });
  });
});
