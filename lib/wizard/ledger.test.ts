/**
 * recordSending, on PGlite and PostgreSQL: one call or several of a step, written in one
 * statement, and only while the send's claim still holds the step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import type { Db } from '@/lib/db/db';
import { createRegistration } from '@/lib/registration/repository';
import { claimStep, listLedger, recordSending, type SendingEntry } from './ledger';

const entry = (itemKey: string): SendingEntry => ({ itemKey, label: `label ${itemKey}`, fingerprint: `fp-${itemKey}`, match: { key: itemKey } });

describe.each(DRIVERS)('the ledger on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('records one call: its ledger id, as sending (with the claim that holds the step, or with no claim)', async () => {
    const id = await createRegistration(db);
    const claim = await claimStep(db, id, 2);
    if (!claim) throw new Error('the step was not claimed');
    const first = await recordSending(db, { registrationId: id, step: 2, ...entry('locale:fr') }, claim.id);
    await claim.release();
    const second = await recordSending(db, { registrationId: id, step: 2, ...entry('locale:nl') });
    expect(typeof first).toBe('number');
    expect(second).toBeGreaterThan(first ?? Infinity);
    expect(await listLedger(db, id, 2)).toEqual([
      expect.objectContaining({ id: first, itemKey: 'locale:fr', label: 'label locale:fr', fingerprint: 'fp-locale:fr', match: { key: 'locale:fr' }, outcome: 'sending' }),
      expect.objectContaining({ id: second, itemKey: 'locale:nl', outcome: 'sending' }),
    ]);
  });

  it.skipIf(!available)('records several calls of a step in order: their ids by item key', async () => {
    const id = await createRegistration(db);
    const claim = await claimStep(db, id, 8);
    if (!claim) throw new Error('the step was not claimed');
    const written = await recordSending(db, { registrationId: id, step: 8, entries: ['location:BE', 'location:NL', 'location:LU'].map(entry) }, claim.id);
    await claim.release();
    const ledger = await listLedger(db, id, 8);
    expect(ledger.map((row) => [row.itemKey, row.outcome])).toEqual([
      ['location:BE', 'sending'],
      ['location:NL', 'sending'],
      ['location:LU', 'sending'],
    ]);
    expect([...written]).toEqual(ledger.map((row) => [row.itemKey, row.id]));
    expect(await recordSending(db, { registrationId: id, step: 8, entries: [] }, claim.id)).toEqual(new Map());
  });

  it.skipIf(!available)('writes nothing once the claim no longer holds the step', async () => {
    const id = await createRegistration(db);
    const claim = await claimStep(db, id, 3);
    if (!claim) throw new Error('the step was not claimed');
    await claim.release();
    expect(await recordSending(db, { registrationId: id, step: 3, ...entry('logo') }, claim.id)).toBeUndefined();
    expect(await recordSending(db, { registrationId: id, step: 3, entries: [entry('logo'), entry('other')] }, claim.id)).toEqual(new Map());
    expect(await listLedger(db, id, 3)).toEqual([]);
  });
});
