import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getConfig } from '@/lib/env';
import type { Role } from './config';
import { localIdentity, proxyIdentity, type Identity, type IdentityResult } from './identity';
import { oidcIdentity } from './oidc';
import { ROLE_DUTIES, rolesWithReasons, type RoleReason } from './roles';

/**
 * The signed-in person of the current request, with their roles: what every server action,
 * route and page asks before it acts (`authorize`) or shows (`currentUser`).
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

/** The current request's person (once per request). */
export const currentUser = cache(async (): Promise<UserResult> => identify(await headers()));

export type Authorized = { ok: true; user: User } | { ok: false; message: string; status: 401 | 403 };

/** Checks that the current person has `role`; the refusal says who they are and what is missing. */
export async function authorize(role: Role, requestHeaders?: Pick<Headers, 'get'>): Promise<Authorized> {
  const result = requestHeaders ? await identify(requestHeaders) : await currentUser();
  if (!result.ok) return { ok: false, status: 401, message: `Not signed in: ${result.reason}` };
  if (!result.user.roles.includes(role)) {
    return { ok: false, status: 403, message: `Signed in as ${result.user.name}, who is not a ${role} here: only a ${role} may ${ROLE_DUTIES[role]}.` };
  }
  return { ok: true, user: result.user };
}

/** The person acting, as journal entries, sign-offs and the history record them. */
export function actorOf(user: User): { id: string; name: string } {
  return { id: user.id, name: user.name };
}
