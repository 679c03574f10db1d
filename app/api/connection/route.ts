import { authorize } from '@/lib/auth/current';
import { getConnectionReport } from '@/lib/banqup/connection';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/**
 * The connection check as JSON, for `npm run doctor` and monitors: 200 when every check
 * passed, 503 with the same report when one did not. Never a secret (see connection-check.mjs).
 */
export async function GET(request: Request) {
  // Which Banqup, which token: for admins (in AUTH_MODE=none, the local user is one).
  const who = await authorize('admin', request.headers);
  if (!who.ok) return Response.json({ ok: false, problems: [who.message] }, { status: who.status, headers: { 'cache-control': 'no-store' } });
  try {
    const report = await getConnectionReport();
    return Response.json(report, { status: report.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    log.error('the connection check failed', { error: error instanceof Error ? error.message : 'unknown' });
    return Response.json({ ok: false, problems: ['The connection check itself failed; see the server log.'] }, { status: 500, headers: { 'cache-control': 'no-store' } });
  }
}
