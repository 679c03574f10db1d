import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import type { Db } from '@/lib/db/db';
import { migrateSandbox } from './migrations';
import * as sandboxStore from './store';

// Moved from lib/db/db.test.ts, unchanged, when the sandbox's tables moved to its own migrations.
describe.each(DRIVERS)('the sandbox store on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) {
      db = await openTestDb(name);
      await migrateSandbox(db);
    }
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('adds a sandbox item per POST, duplicates included, and keeps versions unique', async () => {
    const app = await sandboxStore.createApplication(db, { name: 'A', namespace: 'a_ns', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' });
    const first = await sandboxStore.addItem(db, app.id, 'location', 'BE', { countryCode: 'BE', status: 'ACTIVE' });
    const again = await sandboxStore.addItem(db, app.id, 'location', 'BE', { countryCode: 'BE', status: 'ACTIVE' });
    expect(again).not.toBe(first);
    const items = await sandboxStore.listItems(db, app.id);
    expect(items.map((i) => [i.id, i.data])).toEqual([
      [first, { countryCode: 'BE', status: 'ACTIVE' }],
      [again, { countryCode: 'BE', status: 'ACTIVE' }],
    ]);
    expect(await sandboxStore.insertNewItem(db, app.id, 'version', '1.0.0', {})).toBeDefined();
    expect(await sandboxStore.insertNewItem(db, app.id, 'version', '1.0.0', {})).toBeUndefined();
  });

  it.skipIf(!available)('keeps the facts of a sandbox file, not its bytes, and replaces them on a resend', async () => {
    const app = await sandboxStore.createApplication(db, { name: 'F', namespace: 'f_ns', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' });
    const first = sandboxStore.describeFile(new Uint8Array([1, 2, 3]), 'image/png');
    expect(first).toEqual({ size: 3, contentType: 'image/png', sha256: '039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81' });
    await sandboxStore.putLogo(db, app.id, { fileName: 'l.png' }, first);
    await sandboxStore.addItem(db, app.id, 'location', 'BE', { countryCode: 'BE' });
    const second = sandboxStore.describeFile(new TextEncoder().encode('<svg/>'), 'image/svg+xml');
    await sandboxStore.putLogo(db, app.id, { fileName: 'l.svg' }, second);
    const items = await sandboxStore.listItems(db, app.id);
    expect(items.map((i) => [i.kind, i.file, i.writes])).toEqual([
      ['logo', second, 2],
      ['location', null, 1],
    ]);
  });

  it.skipIf(!available)('uses a fault exactly as many times as asked, even under concurrency', async () => {
    await sandboxStore.addFault(db, { method: null, pathContains: '/brands', status: 503, delayMs: 0, style: null, remaining: 3, detail: null, errors: null, after: false, drop: false, retryAfter: 0 });
    const taken = await Promise.all(Array.from({ length: 8 }, () => sandboxStore.takeFault(db, 'POST', '/servicemngmt/v1/applications/x/brands')));
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(await sandboxStore.takeFault(db, 'POST', '/servicemngmt/v1/applications/x/brands')).toBeUndefined();
  });
});
