import { currentUser } from '@/lib/auth/current';

export const dynamic = 'force-dynamic';

/** Who the server takes the caller to be, with their roles (401 with the reason when nobody). */
export async function GET() {
  const result = await currentUser();
  const headers = { 'cache-control': 'no-store' };
  if (!result.ok) return Response.json({ ok: false, reason: result.reason, signIn: result.signIn ?? false }, { status: 401, headers });
  const { id, name, email, groups, roles, source } = result.user;
  return Response.json({ ok: true, user: { id, name, email, groups, roles, source } }, { headers });
}
