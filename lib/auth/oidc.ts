import 'server-only';
import type { IdentityResult } from './identity';

/**
 * AUTH_MODE=oidc: the identity behind a request is its session cookie, looked up in the
 * database. (Being written: sign-in with authorization code + PKCE, sessions, sign-out.)
 */
export async function oidcIdentity(_headers: Pick<Headers, 'get'>): Promise<IdentityResult> {
  return { ok: false, status: 401, reason: 'Sign in first.', signIn: true };
}
