import { getConfig } from '@/lib/env';
import type { Role } from './config';
import { localIdentity, proxyIdentity, type Identity, type IdentityResult } from './identity';
import { oidcIdentity } from './oidc';
import { rolesWithReasons, type RoleReason } from './roles';

/**
 * The person behind a set of request headers, with their roles. Used by proxy.ts for every
 * request and by lib/auth/current.ts (actions, pages, routes): no next/headers in here.
 */

export type User = Identity & { roles: Role[]; roleReasons: RoleReason[] };
export type UserResult = { ok: true; user: User } | Extract<IdentityResult, { ok: false }>;

/** Resolves the identity behind a set of request headers (routes pass the request's own). */
export async function identify(requestHeaders: Pick<Headers, 'get'>): Promise<UserResult> {
  const config = getConfig().auth;
  const result: IdentityResult =
    config.mode === 'none' ? localIdentity(requestHeaders) : config.mode === 'proxy' ? await proxyIdentity(requestHeaders, config) : await oidcIdentity(requestHeaders);
  if (!result.ok) return result;
  const roleReasons = rolesWithReasons(result.identity, config);
  return { ok: true, user: { ...result.identity, roles: roleReasons.map((reason) => reason.role), roleReasons } };
}

