import { getConfig } from '@/lib/env';
import { getDb } from '@/lib/db';
import { currentPhase } from '@/lib/server/lifecycle';
import { readiness } from '@/lib/server/readiness';

export const dynamic = 'force-dynamic';

/**
 * Readiness, for load balancers and orchestrators: 200 when this replica can serve (started,
 * not stopping, database reachable, migrations applied), else 503. Reached without signing in.
 */
export async function GET() {
  const { status, body } = await readiness({ phase: currentPhase(), driver: getConfig().database.url ? 'postgres' : 'pglite', db: getDb });
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}
