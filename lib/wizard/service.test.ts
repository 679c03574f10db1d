import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBanqupClient } from '@/lib/banqup/client';
import * as repo from '@/lib/registration/repository';
import { serve } from '@/test/http-server';
import { sandboxClient, startSandbox, type RunningSandbox } from '@/test/sandbox';
import { claimStep, listLedger, resolveUnknown } from './ledger';
import { loadWizard, sendStep, stepStatuses, stepUpdate, wizardStatus } from './service';
import { AUTHORIZATION_HEADER_SECRET } from '@/lib/wizard/steps/9-version/schema';
import { lastSentVersion, refusedVersions } from '@/lib/wizard/steps/9-version/versions';
import { versionStepDefaults } from '@/lib/wizard/steps/9-version/schema';
import { markStopping, resetLifecycleForTests } from '@/lib/server/lifecycle';

let sandbox: RunningSandbox;
let client: ReturnType<typeof sandboxClient>;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = sandboxClient(sandbox);
});
afterAll(async () => sandbox.close());

/** A registration with an applicationId, in the sandbox's own database (one database for both, as in the app). */
async function registration() {
  const db = sandbox.db;
  const id = await repo.createRegistration(db);
  const applicationId = await sandbox.createDraft();
  await repo.updateIdentity(db, id, { name: 'App', namespace: 'app', applicationId });
  return { db, id, applicationId };
}

async function send(id: string, step: number, options: { confirm?: string; client?: typeof client } = {}) {
  const wizard = await loadWizard(sandbox.db, id);
  if (!wizard) throw new Error('no wizard');
  return sendStep(sandbox.db, options.client ?? client, wizard, step, { confirm: options.confirm });
}

type Held = { locations: { countryCode: string }[]; brands: { brandName: string }[]; infoLocalizations: { locale: string; displayName: string }[] };
const held = async (applicationId: string) => (await sandbox.read(applicationId)) as unknown as Held;

const status = async (id: string, step: number) => {
  const wizard = await loadWizard(sandbox.db, id);
  return (await stepStatuses(sandbox.db, wizard!)).find((s) => s.step === step);
};

describe('sending a step', () => {
  it('locks steps 2–9 until the applicationId is known', async () => {
    const id = await repo.createRegistration(sandbox.db);
    expect((await status(id, 5))?.state).toBe('locked');
    expect((await send(id, 5)).ok).toBe(false);
  });

  it('moves a step through draft → sent → changed → sent, resending only the changed item', async () => {
    const { db, id, applicationId } = await registration();
    expect((await status(id, 8))?.state).toBe('not_started');
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL'] });
    expect((await status(id, 8))?.state).toBe('draft');
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 2 });
    expect((await status(id, 8))).toMatchObject({ state: 'sent', sentCount: 2, pendingCount: 0 });

    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL', 'FR'] });
    expect((await status(id, 8))).toMatchObject({ state: 'changed', pendingCount: 1 });
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 1, unchanged: 2 });
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 0, message: 'Nothing to send: Banqup holds everything in the draft.' });

    const journal = await repo.listApiCalls(db, id);
    expect(journal.map((c) => c.itemKey).sort()).toEqual(['location:BE', 'location:FR', 'location:NL']);
    const held = (await sandbox.read(applicationId)) as { locations: { writes: number }[] };
    expect(held.locations.map((l) => l.writes)).toEqual([1, 1, 1]);
  });

  it('after a partial failure, records the failure and resends only what failed', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 5, { spaceTypes: ['BUSINESS', 'PARTNER'] });
    await sandbox.fault({ path: '/spaceTypes', status: 422, times: 1 });
    const first = await send(id, 5);
    expect(first).toMatchObject({ ok: false, sent: 1 });
    if (!first.ok) expect(first.failed).toHaveLength(1);
    expect((await status(id, 5))?.state).toBe('failed');
    const second = await send(id, 5);
    expect(second).toMatchObject({ ok: true, sent: 1, unchanged: 1 });
    expect((await status(id, 5))?.state).toBe('sent');
  });

  it('maps API field errors onto the form, per item, with the request id for Support', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 2, {
      locales: [
        { locale: 'en-GB', displayName: 'A', shortDescription: 'B', description: 'C' },
        { locale: 'fr-BE', displayName: 'D', shortDescription: 'E', description: 'F' },
      ],
    });
    // A Banqup-style 400 with a field error on displayName, for one of the two calls.
    await sandbox.fault({ path: '/infoLocalizations', status: 400, style: 'banqup', detail: 'displayName is reserved', errors: [{ field: 'displayName', message: 'is reserved' }] });
    const result = await send(id, 2);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const failedIndex = result.failed[0]?.key === 'locale:en-GB' ? 0 : 1;
    expect(result.fieldErrors).toEqual({ [`locales.${failedIndex}.displayName`]: ['is reserved'] });
    expect(result.failed[0]?.message).toMatch(/400 Bad Request: displayName is reserved/);
    expect(result.failed[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to send a version that is not higher than the last one sent', async () => {
    const { db, id } = await registration();
    const values = { ...versionStepDefaults(), serviceAccount: 'f47c5440-89cb-11ee-b9d1-0242ac120002' };
    await repo.saveDraft(db, id, 9, values);
    expect((await send(id, 9)).ok).toBe(true);
    expect(lastSentVersion((await loadWizard(db, id))!.ledger)).toBe('1.0.0');
    await repo.saveDraft(db, id, 9, { ...values, releaseNote: 'changed' });
    const refused = await send(id, 9);
    expect(refused).toMatchObject({ ok: false, fieldErrors: { version: [expect.stringMatching(/greater than 1.0.0/)] } });
    await repo.saveDraft(db, id, 9, { ...values, version: '1.0.1', releaseNote: 'changed' });
    expect((await send(id, 9)).ok).toBe(true);
  });

  it('a version number Banqup already holds from elsewhere is refused (409), not taken for this one', async () => {
    const { db, id, applicationId } = await registration();
    const values = { ...versionStepDefaults(), serviceAccount: 'f47c5440-89cb-11ee-b9d1-0242ac120002' };
    // Another registration of the same application sent 1.0.0 first.
    const other = await repo.createRegistration(db);
    await repo.updateIdentity(db, other, { name: 'App', namespace: 'app', applicationId });
    await repo.saveDraft(db, other, 9, values);
    expect((await send(other, 9)).ok).toBe(true);

    await repo.saveDraft(db, id, 9, { ...values, releaseNote: 'ours' });
    const refused = await send(id, 9);
    expect(refused).toMatchObject({ ok: false, sent: 0, failed: [{ key: 'version:1.0.0', status: 409 }] });
    expect(lastSentVersion((await loadWizard(db, id))!.ledger)).toBeUndefined();
    expect(refusedVersions((await loadWizard(db, id))!.ledger)).toEqual(['1.0.0']);
    expect((await status(id, 9))?.state).toBe('failed');
    await repo.saveDraft(db, id, 9, { ...values, version: '1.0.1', releaseNote: 'ours' });
    expect(await send(id, 9)).toMatchObject({ ok: true, sent: 1 });
    expect(lastSentVersion((await loadWizard(db, id))!.ledger)).toBe('1.0.1');
  });

  it('a 409 on a version sent again after an unknown outcome means the first send arrived', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 9, { ...versionStepDefaults(), serviceAccount: 'f47c5440-89cb-11ee-b9d1-0242ac120002' });
    // The sandbox takes the version, then answers 502: the outcome is unknown.
    await sandbox.fault({ path: '/versions', status: 502, after: true, times: 1 });
    expect(await send(id, 9)).toMatchObject({ ok: false });
    const unknown = (await listLedger(db, id, 9)).find((entry) => entry.outcome === 'unknown');
    expect(unknown).toBeDefined();
    await resolveUnknown(db, id, unknown!.id, 'resent');
    expect(await send(id, 9)).toMatchObject({ ok: true });
    expect(lastSentVersion((await loadWizard(db, id))!.ledger)).toBe('1.0.0');
    expect(refusedVersions((await loadWizard(db, id))!.ledger)).toEqual([]);
  });

  it('refuses a second send of the same step while one is under way', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 7, { brandName: 'Banqup' });
    await sandbox.fault({ path: '/brands', delayMs: 400 });
    const [a, b, during] = await Promise.all([
      send(id, 7),
      new Promise((r) => setTimeout(r, 100)).then(() => send(id, 7)),
      new Promise((r) => setTimeout(r, 150)).then(() => status(id, 7)),
    ]);
    // While the call is out, the step says so (not "changed since sent": nothing was sent yet).
    expect(during).toMatchObject({ state: 'sending', message: 'Being sent: Banqup.', pendingCount: 1 });
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    if (!refused.ok) expect(refused.message).toMatch(/being sent from another tab/);
  });

  it.each([
    ['answered after the timeout', { after: true, delayMs: 600 }],
    ['whose connection dropped', { after: true, drop: true }],
    ['answered by a gateway 504', { after: true, status: 504, style: 'html' }],
    ['answered by a gateway 502', { after: true, status: 502, style: 'empty' }],
  ])('a country POST carried out but %s is unknown, never resent by Send', async (_name, fault) => {
    const { db, id, applicationId } = await registration();
    const timeoutMs = 300;
    const quick = createBanqupClient({ ...client.options, timeoutMs });
    await repo.saveDraft(db, id, 8, { countries: ['BE'] });
    await sandbox.fault({ path: '/locations', ...fault });
    const first = await send(id, 8, { client: quick });
    expect(first).toMatchObject({ ok: false, failed: [expect.objectContaining({ key: 'location:BE', unknown: true })] });
    if (!first.ok) expect(first.message).toMatch(/may have/);
    expect((await status(id, 8))?.state).toBe('unknown');
    // The late answer has come (the others came before the send returned: the sandbox had carried the call out).
    const late = 'delayMs' in fault ? fault.delayMs - timeoutMs : 0;
    if (late > 0) await new Promise((resolve) => setTimeout(resolve, late + 100));
    expect((await held(applicationId)).locations).toHaveLength(1);

    // Send again: nothing goes out for BE while its outcome is unknown.
    const second = await send(id, 8, { client: quick });
    expect(second).toMatchObject({ ok: false, message: expect.stringMatching(/may have arrived/) });
    expect((await held(applicationId)).locations).toHaveLength(1);
    expect((await listLedger(db, id)).map((entry) => entry.outcome)).toEqual(['unknown']);
  });

  it('a brand change after sending needs a confirmation naming what Banqup keeps', async () => {
    const { db, id, applicationId } = await registration();
    await repo.saveDraft(db, id, 7, { brandName: 'Banqup' });
    expect(await send(id, 7)).toMatchObject({ ok: true, sent: 1 });
    await repo.saveDraft(db, id, 7, { brandName: 'Jefacture' });
    const asked = await send(id, 7);
    expect(asked).toMatchObject({ ok: false, confirm: { consequences: ['Adds Jefacture; Banqup keeps Banqup, which no API call can remove.'] } });
    expect((await held(applicationId)).brands.map((b) => b.brandName)).toEqual(['Banqup']);
    // A wrong or stale digest sends nothing either.
    expect(await send(id, 7, { confirm: 'stale' })).toMatchObject({ ok: false, confirm: expect.anything() });
    const digest = !asked.ok ? asked.confirm?.digest : undefined;
    expect(await send(id, 7, { confirm: digest })).toMatchObject({ ok: true, sent: 1 });
    expect((await held(applicationId)).brands.map((b) => b.brandName)).toEqual(['Banqup', 'Jefacture']);
    // Banqup holds a brand no longer wanted: the step says so, it is not simply "Sent".
    expect((await status(id, 7))).toMatchObject({ state: 'extra', message: expect.stringMatching(/Banqup also holds Banqup/) });
  });

  it('changed texts of a sent locale are a second entry at Banqup: confirmed first', async () => {
    const { db, id, applicationId } = await registration();
    const entry = { locale: 'en-GB', displayName: 'A', shortDescription: 'B', description: 'C' };
    await repo.saveDraft(db, id, 2, { locales: [entry] });
    expect(await send(id, 2)).toMatchObject({ ok: true });
    await repo.saveDraft(db, id, 2, { locales: [{ ...entry, displayName: 'A2' }] });
    const asked = await send(id, 2);
    expect(asked).toMatchObject({ ok: false, confirm: { consequences: [expect.stringMatching(/^Adds a second en-GB text/)] } });
    expect((await held(applicationId)).infoLocalizations).toHaveLength(1);
  });

  it('a country unticked after sending is left at Banqup, and the step says so', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL'] });
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 2 });
    await repo.saveDraft(db, id, 8, { countries: ['BE'] });
    expect((await status(id, 8))).toMatchObject({ state: 'extra', message: expect.stringMatching(/Netherlands/) });
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 0, message: expect.stringMatching(/still holds Netherlands \(NL\)/) });
  });

  it('a 429 whose Retry-After is too long to wait for keeps Send closed until then', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 5, { spaceTypes: ['BUSINESS'] });
    await sandbox.fault({ path: '/spaceTypes', status: 429, retryAfter: 60 });
    const limited = await send(id, 5);
    expect(limited).toMatchObject({ ok: false, message: expect.stringMatching(/try again in 60 s/), retryAt: expect.any(String) });
    const again = await send(id, 5);
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/^Banqup asked to wait: try again in (59|60) s\.$/) });
    expect((await status(id, 5))?.retryAt).toBeDefined();
  });
});

describe('what a failure says to do', () => {
  it('a 5xx says how many times the wizard already tried; a POST that may have arrived is not retried and says so', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 5, { spaceTypes: ['BUSINESS'] });
    // The API's own JSON 503: not carried out, so the POST is retried (2 attempts in this client).
    await sandbox.fault({ path: '/spaceTypes', status: 503, times: 2 });
    const refused = await send(id, 5);
    expect(refused).toMatchObject({ ok: false, failed: [expect.objectContaining({ message: expect.stringMatching(/The wizard already tried 2 times\. Retry in a few minutes/) })] });
    // A gateway's 502 may have arrived: sent once, not said to be retried, left to "check at Banqup".
    await repo.saveDraft(db, id, 7, { brandName: 'Banqup' });
    await sandbox.fault({ path: '/brands', status: 502, style: 'html', times: 1 });
    const unknown = await send(id, 7);
    const [failure] = unknown.ok ? [] : unknown.failed;
    expect(failure?.message).toMatch(/not sent again by itself: check at Banqup/);
    expect(failure?.message).not.toMatch(/tried/);
  });

  it('a 401 points to the Connection page', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 7, { brandName: 'Banqup' });
    await sandbox.fault({ path: '/brands', status: 401, times: 1 });
    const result = await send(id, 7);
    expect(result).toMatchObject({ ok: false, failed: [expect.objectContaining({ connection: true, message: expect.stringMatching(/on the Connection page/) })] });
  });
});

describe('claims', () => {
  it('a running send keeps its claim alive; a second claim cannot take it until it is released', async () => {
    const { db, id } = await registration();
    const first = await claimStep(db, id, 4, { renewMs: 20 });
    expect(first).toBeDefined();
    // Time passes beyond the claim's life: the renewal puts the expiry back in the future.
    await db.query(`UPDATE registration_steps SET claim_expires_at = now() - interval '1 second' WHERE registration_id = $1 AND step = 4`, [id]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await claimStep(db, id, 4)).toBeUndefined();
    await first?.release();
    const second = await claimStep(db, id, 4);
    expect(second).toBeDefined();
    await second?.release();
  });

  it('a claim whose sender died expires, and what it left sending becomes unknown', async () => {
    const { db, id } = await registration();
    const dead = await claimStep(db, id, 8, { renewMs: 3_600_000 });
    await db.query(`INSERT INTO ledger_items (registration_id, step, item_key, label, fingerprint, outcome) VALUES ($1, 8, 'location:BE', 'BE', 'x', 'sending')`, [id]);
    await db.query(`UPDATE registration_steps SET claim_expires_at = now() - interval '1 second' WHERE registration_id = $1 AND step = 8`, [id]);
    const next = await claimStep(db, id, 8);
    expect(next).toBeDefined();
    expect((await listLedger(db, id)).map((entry) => entry.outcome)).toEqual(['unknown']);
    await next?.release();
    await dead?.release();
  });
});

describe("a registration's callback authorization header quoted back by Banqup", () => {
  /** With `/` and `+`, so that JSON escaping changes it. */
  const HEADER = 'cb/secret+4410==';
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const escaped = HEADER.replace(/\//g, '\\/').replace(/\+/g, '\\u002B');
  const encodings = [
    HEADER,
    escaped,
    JSON.stringify(HEADER).slice(1, -1).replace(/\//g, '\\/'),
    [...HEADER].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    encodeURIComponent(HEADER),
    base64(HEADER),
    base64(`Bearer ${HEADER}`),
  ];
  const expectNoHeader = (value: unknown) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    for (const encoded of encodings) expect(text, `leaks ${encoded}`).not.toContain(encoded);
  };
  const versionDraft = () => ({ ...versionStepDefaults(), serviceAccount: 'f47c5440-89cb-11ee-b9d1-0242ac120002', appCallbacks: { ...versionStepDefaults().appCallbacks, addUrl: 'https://purchase.example/add' } });
  const ledgerRows = (db: typeof sandbox.db, id: string) =>
    db.query<{ response: unknown; error: string | null }>('SELECT response, error FROM ledger_items WHERE registration_id = $1 ORDER BY id', [id]);

  it('in a 400 (escaped, raw, base64, as a field): not in the outcome, the field errors, the journal, the ledger or the step status', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 9, versionDraft());
    await repo.setSecret(db, id, AUTHORIZATION_HEADER_SECRET, HEADER);
    await sandbox.fault({
      path: '/versions',
      status: 400,
      style: 'banqup',
      detail: `The header ${escaped} (${base64(`Bearer ${HEADER}`)}) is not allowed`,
      errors: [
        { field: 'manifest.appCallbacks.security.authorizationHeader', message: `"${HEADER}" is too weak` },
        { field: HEADER, message: `unknown field ${escaped}` },
      ],
    });
    const outcome = await send(id, 9);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/The header \[redacted\] \(\[redacted\]\) is not allowed/);
    expect(outcome.fieldErrors).toMatchObject({ authorizationHeader: ['"[redacted]" is too weak'] });
    expectNoHeader(outcome.message);
    for (const failure of outcome.failed) expectNoHeader(failure.message);
    expectNoHeader(outcome.fieldErrors);
    expectNoHeader(outcome);

    const journal = await repo.listApiCalls(db, id);
    expect(journal).toHaveLength(1);
    expectNoHeader(journal);
    expect(journal[0]?.error).toMatch(/The header \[redacted\]/);
    const ledger = await listLedger(db, id);
    expect(ledger.map((entry) => entry.outcome)).toEqual(['refused']);
    expectNoHeader(ledger.map((entry) => entry.error));
    expectNoHeader(await ledgerRows(db, id));
    expectNoHeader(await status(id, 9));
  });

  it('echoed in a 201 (in fields the answer keeps): not in the journal nor in the stored response of the ledger', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 9, { ...versionDraft(), releaseNote: 'First' });
    await repo.setSecret(db, id, AUTHORIZATION_HEADER_SECRET, HEADER);
    const versionId = '0b9c5f44-5f7c-4c1e-9a53-0d3c8e1e7d11';
    const api = await serve(
      () =>
        new Response(
          `{"id":"${versionId}","version":"1.0.0","releaseNote":"First (header ${escaped})","manifest":{"appCallbacks":{"addUrl":"https://purchase.example/add","security":{"authorizationHeader":"${escaped}"}},"clientConfigurations":{"echo":"${HEADER}","basic":"${base64(`Bearer ${HEADER}`)}"}},"status":"VALID"}`,
          { status: 201, headers: { 'content-type': 'application/json' } },
        ),
    );
    try {
      const echoing = createBanqupClient({ ...client.options, baseUrl: api.url });
      const outcome = await send(id, 9, { client: echoing });
      expect(outcome).toMatchObject({ ok: true, sent: 1 });
      expectNoHeader(outcome);
      const journal = await repo.listApiCalls(db, id);
      expect(journal).toHaveLength(1);
      expectNoHeader(journal);
      const [row] = await ledgerRows(db, id);
      expect(row?.response).toMatchObject({ id: versionId, releaseNote: 'First (header [redacted])', manifest: { clientConfigurations: { echo: '[redacted]', basic: '[redacted]' } } });
      expectNoHeader(await ledgerRows(db, id));
      expect((await listLedger(db, id)).map((entry) => [entry.outcome, entry.remoteId])).toEqual([['accepted', versionId]]);
    } finally {
      await api.close();
    }
  });
});

describe('a send and its claim', () => {
  it('a call that throws stops the send, but only after the calls under way have ended and been recorded', async () => {
    const { db, id, applicationId } = await registration();
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL', 'LU', 'FR', 'DE'] });
    const throwing = {
      ...client,
      addLocation: async (...args: Parameters<typeof client.addLocation>) => {
        if (args[1].countryCode === 'BE') throw new Error('the database went away');
        await new Promise((resolve) => setTimeout(resolve, 300));
        return client.addLocation(...args);
      },
    } as typeof client;
    await expect(send(id, 8, { client: throwing })).rejects.toThrow('the database went away');
    // Nothing is left "sending" once the send has given up, and nothing was started after the failure.
    const ledger = await listLedger(db, id);
    expect(ledger.filter((entry) => entry.outcome === 'sending')).toEqual([]);
    expect(ledger).toHaveLength(3);
    expect(ledger.find((entry) => entry.itemKey === 'location:BE')?.outcome).toBe('unknown');
    expect(((await sandbox.read(applicationId)) as { locations: unknown[] }).locations).toHaveLength(2);
  });

  it('a server asked to stop lets the calls under way finish and starts no other: those are simply not sent', async () => {
    const { db, id, applicationId } = await registration();
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL', 'LU', 'FR', 'DE', 'AT'] });
    await sandbox.fault({ path: '/locations', delayMs: 400, times: 3 });
    const sending = send(id, 8);
    await new Promise((resolve) => setTimeout(resolve, 150));
    markStopping(); // SIGTERM while three calls are under way
    try {
      const result = await sending;
      expect(result).toMatchObject({ ok: false, sent: 3 });
      if (!result.ok) expect(result.failed.map((failure) => failure.message)).toEqual(Array(3).fill('The server is restarting: this item was not sent. Send again in a moment.'));
      const ledger = await listLedger(db, id);
      expect(ledger.map((entry) => entry.outcome)).toEqual(['accepted', 'accepted', 'accepted']); // nothing left sending or unknown
    } finally {
      resetLifecycleForTests('ready');
    }
    // The next send (another replica, or this one restarted) sends only the rest.
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 3, unchanged: 3 });
    expect(((await sandbox.read(applicationId)) as { locations: unknown[] }).locations).toHaveLength(6);
  });

  it('writes the first calls to the ledger together, and takes them back when the server stops before they go out', async () => {
    const { db, id, applicationId } = await registration();
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL', 'LU', 'FR'] });
    // The server is asked to stop just as the first three calls were written to the ledger.
    const statements: string[] = [];
    const stoppingDb: typeof db = {
      ...db,
      query: (async (sql: string, params?: Parameters<typeof db.query>[1]) => {
        statements.push(sql);
        const rows = await db.query(sql, params);
        if (sql.includes('jsonb_to_recordset')) markStopping();
        return rows;
      }) as typeof db.query,
    };
    try {
      const wizard = await loadWizard(db, id);
      const result = await sendStep(stoppingDb, client, wizard!, 8, { concurrency: 3 });
      expect(result).toMatchObject({ ok: false, sent: 0 });
      if (!result.ok) expect(result.failed).toHaveLength(4);
    } finally {
      resetLifecycleForTests('ready');
    }
    expect(statements.filter((sql) => sql.includes('jsonb_to_recordset'))).toHaveLength(1); // three items, one statement
    expect(await listLedger(db, id)).toEqual([]); // nothing went out, nothing is left "sending"
    expect(((await sandbox.read(applicationId)) as { locations: unknown[] }).locations).toHaveLength(0);
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 4 });
  });

  it('a send that lost its claim to another sends nothing more', async () => {
    const { db, id, applicationId } = await registration();
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL', 'LU', 'FR', 'DE'] });
    await sandbox.fault({ path: '/locations', delayMs: 400, times: 3 });
    const sending = send(id, 8);
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Another send takes the step over (as after an expiry), while three calls are under way.
    await db.query(`UPDATE registration_steps SET claim_id = gen_random_uuid(), claim_expires_at = now() + interval '1 minute' WHERE registration_id = $1 AND step = 8`, [id]);
    const result = await sending;
    expect(result).toMatchObject({ ok: false, sent: 3 });
    if (!result.ok) expect(result.failed.map((failure) => failure.message)).toEqual([expect.stringMatching(/Another send took this step over/), expect.stringMatching(/Another send took this step over/)]);
    expect(((await sandbox.read(applicationId)) as { locations: unknown[] }).locations).toHaveLength(3);
    expect(await listLedger(db, id)).toHaveLength(3);
  });
});


describe('one step’s update after a save', () => {
  it('is the same status and At Banqup view the whole step list would show, for every step', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 7, { brandName: 'Banqup' });
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL'] });
    expect(await send(id, 8)).toMatchObject({ ok: true });
    const rows = new Map<number, repo.StepRow>();
    for (let step = 1; step <= 9; step++) {
      // Every step saved, as an autosave would (steps left empty here with an empty draft).
      const saved = await repo.saveDraft(db, id, step, step === 8 ? { countries: ['BE', 'NL', 'FR'] } : step === 7 ? { brandName: 'Banqup' } : {});
      if (saved.ok) rows.set(step, saved.row);
    }
    const wizard = await loadWizard(db, id);
    const all = await wizardStatus(db, wizard!);
    for (let step = 1; step <= 9; step++) {
      const update = await stepUpdate(db, wizard!.registration, rows.get(step)!);
      expect(update.status, `step ${step}`).toEqual(all.statuses.find((status) => status.step === step));
      if (step >= 2) expect(update.atBanqup, `step ${step}`).toEqual(all.atBanqup.find((view) => view.step === step));
    }
    expect((await stepUpdate(db, wizard!.registration, rows.get(8)!)).status).toMatchObject({ state: 'changed', sentCount: 2, pendingCount: 1 });
  });
});
