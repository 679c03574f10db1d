export const dynamic = 'force-dynamic';

/**
 * Liveness: 200 while the process runs, whatever its database does (a replica whose database is
 * away is not restarted for it; /api/ready says whether it can serve). Reached without signing in.
 */
export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
