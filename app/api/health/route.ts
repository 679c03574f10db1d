import { getConfig } from '@/lib/env';
import { getDb } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** Liveness and readiness: the database answers, and which Banqup the app talks to. */
export async function GET() {
  const config = getConfig();
  const banqup = { mode: config.mode, baseUrl: config.banqup.baseUrl, auth: config.banqup.auth.kind };
  const started = performance.now();
  try {
    const db = await getDb();
    await db.query('SELECT 1');
    return Response.json(
      { status: 'ok', database: { ok: true, driver: db.driver, latencyMs: Math.round(performance.now() - started) }, banqup },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch {
    return Response.json(
      { status: 'error', database: { ok: false, driver: config.database.url ? 'postgres' : 'pglite' }, banqup },
      { status: 503, headers: { 'cache-control': 'no-store' } },
    );
  }
}
