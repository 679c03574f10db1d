import { identify } from '@/lib/auth/current';
import { getConfig } from '@/lib/env';

export const dynamic = 'force-dynamic';

/**
 * What the app received about the person asking, and the roles that follow: for a team
 * debugging its proxy or OpenID Connect set-up. Answers a signed-in person without any role
 * too (proxy.ts lets it through), and says why when there is no identity.
 */
export async function GET(request: Request) {
  const mode = getConfig().auth.mode;
  const result = await identify(request.headers);
  const headers = { 'cache-control': 'no-store' };
  // signIn: a sign-in would help (AUTH_MODE=oidc without a valid session).
  if (!result.ok) return Response.json({ ok: false, mode, reason: result.reason, signIn: result.signIn === true }, { status: 401, headers });
  const { id, name, email, groups, roles, roleReasons, source, detail } = result.user;
  return Response.json({ ok: true, mode, user: { id, name, email: email ?? null, groups, roles, roleReasons, source, detail } }, { headers });
}
