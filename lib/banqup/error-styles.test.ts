/**
 * Banqup's error answers as they really come, through the real client against the sandbox
 * over HTTP: RFC 9457 problem+json, Banqup's own JSON, an HTML gateway page, an empty body.
 * Whatever the shape, what reaches a page (title, detail, field errors, request id) is parsed
 * sentences: never markup, never a raw body.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '@/test/sandbox';
import { createBanqupClient, type BanqupClient } from './client';
import { errorFromResponse, type BanqupError } from './errors';
import type { AttemptRecord } from './http';
import { createTokenProvider } from './token';

const INFO = { locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Manage purchase invoices', description: 'Purchases app helps you manage your purchase invoices' };
const noSleep = async () => undefined;

function clientFor(sandbox: RunningSandbox): BanqupClient {
  return createBanqupClient({
    baseUrl: sandbox.apiUrl,
    tokens: createTokenProvider({ kind: 'static', token: 'sandbox-token' }),
    timeoutMs: 5_000,
    maxAttempts: 3,
    sleep: noSleep,
  });
}

/** What a page may show of an error: nothing that is markup or a raw JSON body. */
function expectPresentable(error: BanqupError) {
  for (const text of [error.title, error.detail, ...Object.values(error.fieldErrors).flat(), error.requestId ?? '']) {
    expect(text).not.toMatch(/<\/?[a-z!][^>]*>/i);
    expect(text).not.toMatch(/^\s*[{[]/);
    expect(text).not.toMatch(/"(status|error|timestamp|title|detail)"\s*:/);
  }
}

describe.each(['problem', 'banqup'] as const)('errors from a sandbox answering in %s style (SANDBOX_ERROR_STYLE)', (errorStyle) => {
  let sandbox: RunningSandbox;
  let applicationId: string;
  let attempts: AttemptRecord[];
  const onAttempt = (record: AttemptRecord) => void attempts.push(record);

  beforeAll(async () => {
    sandbox = await startSandbox({ errorStyle });
    applicationId = await sandbox.createDraft();
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    attempts = [];
    await sandbox.clearFaults();
  });

  it('a 400 with field errors lands on the fields, with the request id, not retried', async () => {
    const result = await clientFor(sandbox).addLocation(applicationId, { countryCode: 'BE', status: 'ACTIVE' }, { onAttempt });
    expect(result.ok).toBe(true);
    await sandbox.fault({ path: '/infoLocalizations', status: 400, detail: 'displayName is not acceptable', errors: [{ field: 'displayName', message: 'Must not contain the word Banqup' }] });
    const refused = await clientFor(sandbox).addInfoLocalization(applicationId, INFO, { onAttempt });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ kind: 'http', status: 400, title: 'Bad Request', detail: 'displayName is not acceptable', retryable: false });
    expect(refused.error.fieldErrors).toEqual({ displayName: ['Must not contain the word Banqup'] });
    expect(refused.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The journal has the same request id as the error shown.
    expect(attempts.at(-1)).toMatchObject({ status: 400, requestId: refused.error.requestId });
    expectPresentable(refused.error);
  });

  it("the sandbox's own validation error (a real 400, not a fault) is read the same way", async () => {
    const response = await fetch(`${sandbox.apiUrl}/servicemngmt/v1/applications/${applicationId}/brands`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json' },
      body: JSON.stringify({ brandName: 'Nope' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(errorStyle === 'problem' ? /problem\+json/ : /^application\/json/);
    const error = errorFromResponse(400, response.headers.get('content-type'), await response.text(), response.headers.get('x-request-id'));
    expect(error.detail).toBe('The request body is invalid.');
    expect(Object.keys(error.fieldErrors)).toEqual(['brandName']);
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('a 404 for an unknown application carries the API sentence and a request id', async () => {
    const result = await clientFor(sandbox).addBrand('2aa7c756-6d55-44b6-9b60-06212611cfd6', { brandName: 'Banqup' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ status: 404, title: 'Not Found', detail: 'Unknown application 2aa7c756-6d55-44b6-9b60-06212611cfd6.' });
    expect(result.error.requestId).toBeTruthy();
    expectPresentable(result.error);
  });

  it('a 401 says the token was refused, and never shows it', async () => {
    const client = createBanqupClient({ ...clientFor(sandbox).options, tokens: createTokenProvider({ kind: 'static', token: 'not-the-token-9931' }) });
    const result = await client.addBrand(applicationId, { brandName: 'Banqup' }, { onAttempt });
    expect(result).toMatchObject({ ok: false, error: { status: 401, kind: 'http' } });
    expect(JSON.stringify(result)).not.toContain('not-the-token-9931');
    expect(JSON.stringify(attempts)).not.toContain('not-the-token-9931');
  });
});

describe('errors in every style a fault can answer with', () => {
  let sandbox: RunningSandbox;
  let applicationId: string;
  let attempts: AttemptRecord[];
  const onAttempt = (record: AttemptRecord) => void attempts.push(record);

  beforeAll(async () => {
    sandbox = await startSandbox();
    applicationId = await sandbox.createDraft();
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    attempts = [];
    await sandbox.clearFaults();
  });

  it('banqup style per fault: detail, field errors and request id from the body', async () => {
    await sandbox.fault({ path: '/spaceTypes', status: 422, style: 'banqup', detail: 'spaceType is not offered in this environment', errors: [{ field: 'spaceType', message: 'Not offered' }] });
    const result = await clientFor(sandbox).addSpaceType(applicationId, { spaceType: 'PARTNER' }, { onAttempt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ status: 422, title: 'Unprocessable Entity', detail: 'spaceType is not offered in this environment', fieldErrors: { spaceType: ['Not offered'] } });
    expect(result.error.requestId).toBe(attempts[0]?.requestId);
    expectPresentable(result.error);
  });

  it('problem style per fault: the same facts from problem+json', async () => {
    await sandbox.fault({ path: '/spaceTypes', status: 409, style: 'problem', detail: 'Already assigned elsewhere', errors: [{ field: 'spaceType', message: 'Conflicts' }] });
    const result = await clientFor(sandbox).addSpaceType(applicationId, { spaceType: 'PARTNER' });
    expect(result).toMatchObject({ ok: false, error: { status: 409, detail: 'Already assigned elsewhere', fieldErrors: { spaceType: ['Conflicts'] } } });
    if (!result.ok) expectPresentable(result.error);
  });

  it('an HTML 502 gateway page on a POST: not resent (it may have arrived), described without its markup, with the header request id', async () => {
    await sandbox.fault({ path: '/brands', status: 502, style: 'html', times: 3 });
    const result = await clientFor(sandbox).addBrand(applicationId, { brandName: 'ALL' }, { onAttempt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(attempts).toHaveLength(1); // a gateway may have forwarded the POST: a resend could add a second brand
    expect(result.error).toMatchObject({ kind: 'http', status: 502, title: 'Bad Gateway', retryable: true, maybeDelivered: true, fieldErrors: {} });
    expect(result.error.detail).toMatch(/HTML page/);
    expect(result.error.detail).not.toContain('gateway</p>');
    expect(result.error.requestId).toBe(attempts.at(-1)?.requestId);
    expectPresentable(result.error);
  });

  it('an HTML 400 page is not retried and still reads as a sentence', async () => {
    await sandbox.fault({ path: '/brands', status: 400, style: 'html' });
    const result = await clientFor(sandbox).addBrand(applicationId, { brandName: 'ALL' }, { onAttempt });
    expect(attempts).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, error: { status: 400, detail: expect.stringMatching(/^Banqup refused the request\. \(A gateway answered with an HTML page/) } });
  });

  it('an empty 502 on a POST is not resent: its outcome is unknown', async () => {
    await sandbox.fault({ path: '/locations', status: 502, style: 'empty' });
    const result = await clientFor(sandbox).addLocation(applicationId, { countryCode: 'NL', status: 'ACTIVE' }, { onAttempt });
    expect(result).toMatchObject({ ok: false, error: { status: 502, maybeDelivered: true } });
    expect(attempts.map((a) => a.status)).toEqual([502]);
  });

  it('a 503 in the API\'s own JSON words proves the POST was not carried out: resent', async () => {
    await sandbox.fault({ path: '/locations', status: 503, style: 'problem' });
    const result = await clientFor(sandbox).addLocation(applicationId, { countryCode: 'LU', status: 'ACTIVE' }, { onAttempt });
    expect(result.ok).toBe(true);
    expect(attempts.map((a) => a.status)).toEqual([503, 201]);
  });

  it.each([
    [403, /scope/],
    [404, /applicationId/],
    [405, /does not offer this call/],
    [503, /may have been carried out all the same/], // a bodiless 503 on a POST: maybe a gateway after forwarding it
  ])('an empty %i gets our explanation and the header request id', async (status, detail) => {
    await sandbox.fault({ path: '/brands', status, style: 'empty', times: 3 });
    const result = await clientFor(sandbox).addBrand(applicationId, { brandName: 'ALL' }, { onAttempt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(status);
    expect(result.error.detail).toMatch(detail);
    expect(result.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
