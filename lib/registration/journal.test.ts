import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/db';
import { openTestDb } from '@/test/databases';
import { JOURNAL_PAGE, countApiCalls, createRegistration, listApiCalls, recordApiCall } from './repository';
import { journalPage } from './summary';

let db: Db;
beforeAll(async () => {
  db = await openTestDb('pglite');
});
afterAll(async () => db.close());

describe('the journal, a page at a time', () => {
  it('lists the newest 50, then older pages; the export takes them all', async () => {
    const id = await createRegistration(db);
    for (let i = 0; i < 120; i++) {
      await recordApiCall(db, { registrationId: id, step: 8, itemKey: `location:${i}`, method: 'POST', path: '/x', request: null, status: 201, response: null, error: null, requestId: null, durationMs: 1, attempt: 1 });
    }
    expect(await countApiCalls(db, id)).toBe(120);
    const first = await listApiCalls(db, id, { limit: JOURNAL_PAGE });
    expect(first).toHaveLength(50);
    expect(first[0]?.itemKey).toBe('location:119');
    const second = await listApiCalls(db, id, { limit: JOURNAL_PAGE, before: first.at(-1)?.id });
    expect(second[0]?.itemKey).toBe('location:69');
    const third = await listApiCalls(db, id, { limit: JOURNAL_PAGE, before: second.at(-1)?.id });
    expect(third).toHaveLength(20);
    expect(await listApiCalls(db, id)).toHaveLength(120);
  });

  it('reads the page from the URL, ignoring anything that is not an id', () => {
    expect(journalPage({})).toEqual({ limit: 50 });
    expect(journalPage({ journalBefore: '4711' })).toEqual({ limit: 50, before: 4711 });
    expect(journalPage({ journalBefore: ['12', '13'] })).toEqual({ limit: 50, before: 12 });
    expect(journalPage({ journalBefore: '1; DROP TABLE x' })).toEqual({ limit: 50 });
  });
});
