import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import { getAssetBytes, listAssets } from '@/lib/registration/repository';
import * as sandboxStore from '@/lib/sandbox/store';
import { CHUNK_BYTES } from './chunks';
import type { Db } from './db';
import { migrate } from './db';
import { MIGRATIONS } from './migrations';
import { MIGRATIONS_AS_OF_0014 } from '@/test/migrations-as-of-0014';

const BEFORE_CHUNKS = MIGRATIONS.findIndex((m) => m.id === '0006_chunked_files');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');

describe.each(DRIVERS)('migration 0006 (files in chunks) on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    // A database migrated then, by the migrations of that time: their 0001 created the sandbox's tables.
    if (available) db = await openTestDb(name, { migrations: MIGRATIONS_AS_OF_0014.slice(0, BEFORE_CHUNKS) });
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('moves the bytes of existing assets and sandbox files, then drops the old columns', async () => {
    expect(BEFORE_CHUNKS).toBe(5);
    // The schema as of 0005, with files stored the old way: one bytea each.
    const registrationId = randomUUID();
    await db.query('INSERT INTO registrations (id) VALUES ($1)', [registrationId]);
    const files = [
      ['tiny', Uint8Array.from([0, 1, 2, 253, 254, 255, 0])],
      ['one chunk exactly', randomBytes(CHUNK_BYTES)],
      ['not a multiple', randomBytes(2 * CHUNK_BYTES + 4321)],
    ] as const;
    const assetIds: string[] = [];
    for (const [fileName, bytes] of files) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO assets (id, registration_id, kind, file_name, content_type, byte_size, sha256, bytes)
         VALUES ($1, $2, 'media', $3, 'image/png', $4, $5, $6) RETURNING id`,
        [randomUUID(), registrationId, fileName, bytes.byteLength, sha256(bytes), bytes],
      );
      assetIds.push(row?.id ?? '');
    }

    const app = await sandboxStore.createApplication(db, { name: 'M', namespace: 'm_ns' });
    const png = Buffer.concat([hex('89504e470d0a1a0a 0000000d 49484452'), randomBytes(300)]);
    const jpeg = Buffer.concat([hex('ffd8ffe0'), randomBytes(50)]);
    const webp = Buffer.concat([Buffer.from('RIFF'), hex('24000000'), Buffer.from('WEBPVP8 '), randomBytes(20)]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const sandboxFiles = [
      ['logo', 'logo', svg, 'image/svg+xml'],
      ['media', '1', png, 'image/png'],
      ['media', '2', jpeg, 'image/jpeg'],
      ['media', '3', webp, 'image/webp'],
    ] as const;
    for (const [kind, key, file, contentType] of sandboxFiles) {
      await db.query(
        `INSERT INTO sandbox_items (id, application_id, kind, item_key, data, file) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
        [randomUUID(), app.id, kind, key, JSON.stringify({ fileName: `f-${key}`, contentType }), file],
      );
    }
    await db.query(`INSERT INTO sandbox_items (id, application_id, kind, item_key, data) VALUES ($1, $2, 'brand', 'Banqup', '{}'::jsonb)`, [
      randomUUID(),
      app.id,
    ]);

    expect(await migrate(db)).toEqual(MIGRATIONS.slice(BEFORE_CHUNKS).map((m) => m.id));

    for (const [index, [fileName, bytes]] of files.entries()) {
      const assetId = assetIds[index] ?? '';
      const read = await getAssetBytes(db, assetId);
      expect(read, fileName).toMatchObject({ fileName, byteSize: bytes.byteLength, sha256: sha256(bytes) });
      expect(Buffer.from(read?.bytes ?? []).equals(Buffer.from(bytes)), fileName).toBe(true);
      const chunks = await db.query<{ seq: number; length: number }>('SELECT seq, length(bytes) AS length FROM asset_chunks WHERE asset_id = $1 ORDER BY seq', [assetId]);
      const expected = Array.from({ length: Math.ceil(bytes.byteLength / CHUNK_BYTES) }, (_, seq) => ({
        seq,
        length: Math.min(CHUNK_BYTES, bytes.byteLength - seq * CHUNK_BYTES),
      }));
      expect(chunks, fileName).toEqual(expected);
    }
    expect((await listAssets(db, registrationId)).map((a) => a.fileName).sort()).toEqual(files.map(([fileName]) => fileName).sort());

    const items = await sandboxStore.listItems(db, app.id);
    expect(items.map((item) => [item.key, item.file])).toEqual([
      ...sandboxFiles.map(([, key, file, contentType]) => [key, { size: file.byteLength, contentType, sha256: sha256(file) }]),
      ['Banqup', null],
    ]);

    const oldColumns = await db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND (table_name, column_name) IN (('assets', 'bytes'), ('sandbox_items', 'file'))`,
    );
    expect(oldColumns).toEqual([]);
  });
});

const BEFORE_LEDGER = MIGRATIONS.findIndex((m) => m.id === '0008_ledger');

describe.each(DRIVERS)('migration 0008 (the ledger) on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name, { migrations: MIGRATIONS_AS_OF_0014.slice(0, BEFORE_LEDGER) });
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('turns what was recorded as sent into accepted ledger items, and lets the sandbox hold duplicates', async () => {
    const registrationId = randomUUID();
    await db.query('INSERT INTO registrations (id) VALUES ($1)', [registrationId]);
    const sent = {
      items: {
        'location:BE': { hash: 'h-be', sentAt: '2026-11-01T10:00:00.000Z', response: { id: 'x', countryCode: 'BE', status: 'ACTIVE' } },
        'location:NL': { hash: 'h-nl', sentAt: '2026-11-01T10:00:01.000Z', response: { id: 'x', countryCode: 'NL', status: 'ACTIVE' } },
      },
    };
    await db.query(`INSERT INTO registration_steps (registration_id, step, draft, sent_payload, sent_at) VALUES ($1, 8, '{}'::jsonb, $2::jsonb, now())`, [
      registrationId,
      JSON.stringify(sent),
    ]);
    const app = await sandboxStore.createApplication(db, { name: 'L', namespace: 'l_ns' });

    expect(await migrate(db)).toEqual(MIGRATIONS.slice(BEFORE_LEDGER).map((m) => m.id));

    const ledger = await db.query<{ item_key: string; fingerprint: string; outcome: string; started_at: Date }>(
      'SELECT item_key, fingerprint, outcome, started_at FROM ledger_items WHERE registration_id = $1 ORDER BY item_key',
      [registrationId],
    );
    expect(ledger.map((row) => [row.item_key, row.fingerprint, row.outcome, row.started_at.toISOString()])).toEqual([
      ['location:BE', 'h-be', 'accepted', '2026-11-01T10:00:00.000Z'],
      ['location:NL', 'h-nl', 'accepted', '2026-11-01T10:00:01.000Z'],
    ]);
    await sandboxStore.addItem(db, app.id, 'location', 'BE', { countryCode: 'BE' });
    await sandboxStore.addItem(db, app.id, 'location', 'BE', { countryCode: 'BE' });
    expect(await sandboxStore.insertNewItem(db, app.id, 'version', '1.0.0', {})).toBeDefined();
    expect(await sandboxStore.insertNewItem(db, app.id, 'version', '1.0.0', {})).toBeUndefined();
    expect((await sandboxStore.listItems(db, app.id)).map((item) => item.key)).toEqual(['BE', 'BE', '1.0.0']);
  });
});
