/** Step 1 by API: POST /servicemngmt/v2/applications, through the real client against the sandbox. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClient, startSandbox, type RunningSandbox } from '@/test/sandbox';
import { createBanqupClient, type BanqupClient } from './client';
import { CREATE_APPLICATION_ENDPOINT } from './endpoints';
import type { AttemptRecord } from './http';
import { createApplicationResponseSchema, type CreateApplicationRequest } from './schemas';

const OWNER = 'f47c5440-89cb-11ee-b9d1-0242ac120002';
const DRAFT: CreateApplicationRequest = { namespace: 'purchase_app', name: 'Purchase app', ownerEntityId: OWNER, functionalType: 'APPLICATION', audienceType: 'PUBLIC' };

let sandbox: RunningSandbox;
let client: BanqupClient;
let attempts: AttemptRecord[];
const onAttempt = (record: AttemptRecord) => void attempts.push(record);

beforeAll(async () => {
  sandbox = await startSandbox();
  client = sandboxClient(sandbox, { maxAttempts: 3 });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  attempts = [];
  await sandbox.clearFaults();
});

describe('createApplication (step 1 by API)', () => {
  it('creates a draft application, answered with its id, the fields sent and status DRAFT', async () => {
    const result = await client.createApplication(DRAFT, { onAttempt });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.status).toBe(201);
    expect(result.data).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), ...DRAFT, status: 'DRAFT' });
    expect(attempts).toEqual([expect.objectContaining({ method: 'POST', path: CREATE_APPLICATION_ENDPOINT.path, status: 201, request: DRAFT })]);
  });

  it('the created id is accepted by every other endpoint, exactly like a Support draft', async () => {
    const created = await client.createApplication(DRAFT);
    if (!created.ok) throw new Error('not created');
    const id = created.data.id;
    expect((await client.addInfoLocalization(id, { locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Short', description: 'Long enough' })).ok).toBe(true);
    expect((await client.addBrand(id, { brandName: 'Banqup' })).ok).toBe(true);
    const held = await sandbox.read(id);
    expect(held.application).toMatchObject({ id, name: 'Purchase app', namespace: 'purchase_app', ownerEntityId: OWNER, status: 'DRAFT' });
    expect(held.brands).toEqual([expect.objectContaining({ brandName: 'Banqup' })]);
  });

  it('refuses an invalid request without sending it', async () => {
    const result = await client.createApplication({ ...DRAFT, namespace: 'purchase\napp', ownerEntityId: 'nope', functionalType: 'SERVICE' as 'APPLICATION' }, { onAttempt });
    expect(result).toMatchObject({ ok: false, error: { kind: 'config' } });
    if (!result.ok) expect(Object.keys(result.error.fieldErrors).sort()).toEqual(['functionalType', 'namespace', 'ownerEntityId']);
    expect(attempts).toEqual([]);
  });

  it.each([403, 404, 405])('an environment that does not offer it answers %i, which is reported as such', async (status) => {
    await sandbox.fault({ path: '/v2/applications', status, style: 'banqup', times: 1 });
    const result = await client.createApplication(DRAFT, { onAttempt });
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status, retryable: false } });
    expect(attempts).toHaveLength(1); // a 4xx is never retried
  });

  it('a timed-out create is not sent again (it may have arrived)', async () => {
    await sandbox.fault({ path: '/v2/applications', delayMs: 1_000, status: 503 });
    const slow = createBanqupClient({ ...client.options, timeoutMs: 200 });
    const result = await slow.createApplication(DRAFT, { onAttempt });
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(attempts).toHaveLength(1);
  });

  it('accepts a real environment echoing less than the sandbox (only the id is required)', () => {
    expect(createApplicationResponseSchema.safeParse({ id: '2aa7c756-6d55-44b6-9b60-06212611cfd6' }).success).toBe(true);
    expect(createApplicationResponseSchema.safeParse({ name: 'x' }).success).toBe(false);
  });
});

describe('the sandbox endpoint', () => {
  const post = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-token' }, body: JSON.stringify(DRAFT), ...init });

  it('requires bearer auth', async () => {
    const response = await post('/servicemngmt/v2/applications', { headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('validates the body with the contract (400 with field errors)', async () => {
    const response = await post('/servicemngmt/v2/applications', { body: JSON.stringify({ ...DRAFT, audienceType: 'PRIVATE', name: '' }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['audienceType', 'name']);
  });

  it('is served under v2 only, and only for POST', async () => {
    expect((await post('/servicemngmt/v1/applications')).status).toBe(404);
    const get = await fetch(`${sandbox.apiUrl}/servicemngmt/v2/applications`, { headers: { authorization: 'Bearer sandbox-token' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
