/**
 * Growth: the registrations list with 1,000 registrations against 10, and the summary of a
 * registration with 2,000 journal entries (api_calls rows) against one with 30. Server response
 * time (request → last byte of the HTML, from Node, uncompressed) and bytes; the four kinds
 * interleaved, medians.
 *
 * The data: a first server makes two complete registrations through the app (everything sent:
 * 26 journal entries each); with the server stopped, this folder is copied and grown in SQL with
 * the app's own PGlite (`seedByCloning`): copies of a complete registration (its row, its steps,
 * its ledger and its journal) up to 10 and 1,000 registrations, and the two registrations'
 * journals topped up, with copies of their own entries, to 30 and 2,000.
 */
import { cpSync } from 'node:fs';
import { median } from './util.mjs';

/** Columns of `table` that are not filled by a sequence (serial ids get new values). */
async function columns(db, table) {
  const rows = await db.query(
    `SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.rows.filter((row) => !String(row.column_default ?? '').startsWith('nextval(')).map((row) => row.column_name);
}

/**
 * With the server stopped: adds `copies` registrations cloned from `template` (with its steps,
 * ledger and journal), and tops the journals of `journals` ({registrationId: total}) up.
 */
export async function seedByCloning(dataDir, { template, copies, journals }) {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  await db.waitReady;
  try {
    await db.transaction(async (tx) => {
      const newId = `md5($1::uuid::text || g::text)::uuid`;
      const clone = async (table, overrides) => {
        const cols = await columns(tx, table);
        const select = cols.map((c) => overrides[c] ?? `t.${c}`).join(', ');
        const key = table === 'registrations' ? 'id' : 'registration_id';
        await tx.query(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${select} FROM ${table} t CROSS JOIN generate_series(1, $2) g WHERE t.${key} = $1::uuid`, [template, copies]);
      };
      if (copies > 0) {
        await clone('registrations', {
          id: newId,
          name: `'Bench app ' || lpad(g::text, 4, '0')`,
          created_at: `t.created_at - g * interval '1 hour'`,
          updated_at: `t.updated_at - g * interval '1 hour'`,
        });
        for (const table of ['registration_steps', 'ledger_items', 'api_calls']) await clone(table, { registration_id: newId });
      }
      for (const [registrationId, total] of Object.entries(journals)) {
        const cols = await columns(tx, 'api_calls');
        // Copies of its own entries, in turn, until it has `total`.
        await tx.query(
          `INSERT INTO api_calls (${cols.join(', ')})
           SELECT ${cols.map((c) => `e.${c}`).join(', ')}
           FROM generate_series(1, greatest(0, $2::int - (SELECT count(*)::int FROM api_calls WHERE registration_id = $1::uuid))) g
           JOIN LATERAL (
             SELECT * FROM api_calls WHERE registration_id = $1::uuid ORDER BY id
             OFFSET ((g - 1) % (SELECT count(*)::int FROM api_calls WHERE registration_id = $1::uuid)) LIMIT 1
           ) e ON true`,
          [registrationId, total],
        );
        const [{ n }] = (await tx.query('SELECT count(*)::int AS n FROM api_calls WHERE registration_id = $1::uuid', [registrationId])).rows;
        if (n !== total) throw new Error(`the journal of ${registrationId} has ${n} entries, not ${total}`);
      }
    });
    const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM registrations')).rows;
    return n;
  } finally {
    await db.close();
  }
}

export function copyFolder(from, to) {
  cpSync(from, to, { recursive: true });
}

/** GET `url` as a browser's navigation would, uncompressed: time to the last byte, and bytes. */
async function timePage(url) {
  const started = performance.now();
  const res = await fetch(url, { headers: { accept: 'text/html', 'accept-encoding': 'identity' } });
  const body = await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return { ms, bytes: body.byteLength };
}

/**
 * The timed pages, interleaved (the order turns each round), `rounds` times after `warmup`.
 * `untimed` pages are fetched in the same rotation: they give each server the same mix of work,
 * so that neither is warmer (JIT, caches, GC) than the other.
 */
export async function measureGrowth({ timed, untimed = [], rounds = 30, warmup = 3 }) {
  const names = Object.keys(timed);
  const runs = Object.fromEntries(names.map((name) => [name, { ms: [], bytes: [] }]));
  const order = [...names.map((name) => ({ name, url: timed[name] })), ...untimed.map((url) => ({ url }))];
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < order.length; k++) {
      const { name, url } = order[(k + round) % order.length];
      const { ms, bytes } = await timePage(url);
      if (name && round >= warmup) {
        runs[name].ms.push(ms);
        runs[name].bytes.push(bytes);
      }
    }
  }
  return Object.fromEntries(names.map((name) => [name, { ms: median(runs[name].ms), bytes: median(runs[name].bytes), n: runs[name].ms.length }]));
}
