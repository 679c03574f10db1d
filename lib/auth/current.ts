import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { setRequestActor } from '@/lib/server/request-hook';
import type { Role } from './config';
import { identify, type User, type UserResult } from './identify';
import { ROLE_DUTIES } from './roles';

export { identify };

/**
 * The signed-in person of the current request, with their roles: what every server action,
 * route and page asks before it acts (`authorize`) or shows (`currentUser`).
 */

export type { User, UserResult } from './identify';

/** The current request's person (once per request). */
export const currentUser = cache(async (): Promise<UserResult> => identify(await headers()));

export type Authorized = { ok: true; user: User } | { ok: false; message: string; status: 401 | 403 };

/**
 * Checks that the current person has `role` ('viewer': any role at all, to read); the refusal
 * says who they are and what is missing. Sets the request's actor for its log line.
 */
export async function authorize(role: Role | 'viewer', requestHeaders?: Pick<Headers, 'get'>): Promise<Authorized> {
  const result = requestHeaders ? await identify(requestHeaders) : await currentUser();
  if (!result.ok) return { ok: false, status: 401, message: `Not signed in: ${result.reason}` };
  setRequestActor(result.user.id);
  if (role === 'viewer') {
    return result.user.roles.length > 0
      ? { ok: true, user: result.user }
      : { ok: false, status: 403, message: `Signed in as ${result.user.name}, who has no role here (editor, reviewer or admin): ask an admin to add you.` };
  }
  if (!result.user.roles.includes(role)) {
    const a = role === 'reviewer' ? 'a' : 'an';
    return { ok: false, status: 403, message: `Signed in as ${result.user.name}, who is not ${a} ${role} here: only ${a} ${role} may ${ROLE_DUTIES[role]}.` };
  }
  return { ok: true, user: result.user };
}

/** The person acting, as journal entries, sign-offs and the history record them. */
export function actorOf(user: User): { id: string; name: string } {
  return { id: user.id, name: user.name };
}

/** Whether the person has the role (pages use it to hide what they may not do). */
export function can(user: User, role: Role): boolean {
  return user.roles.includes(role);
}

/**
 * The person a page is rendered for. proxy.ts has already refused anyone without an identity
 * or any role, so a failure here is a bug or a race (a session that ended meanwhile).
 */
export async function pageUser(): Promise<User> {
  const result = await currentUser();
  if (!result.ok) throw new Error(`Not signed in: ${result.reason}`);
  return result.user;
}
