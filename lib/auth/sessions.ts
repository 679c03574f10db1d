import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Queryable } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
import type { AuthSessionsTable } from '@/lib/db/schema';

/**
 * AUTH_MODE=oidc sessions and sign-in attempts, in the database (migration 0012_sessions) so
 * that every replica on a shared PostgreSQL knows them and a restart loses none.
 *
 * The secrets (a session's id, a sign-in's state, a browser's sign-in cookie) are 256 random
 * bits that only the browser holds; the tables keep their SHA-256. Times are the database's
 * (`now()`), one clock for every replica.
 */

/** A secret the browser holds: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What a cookie must look like to be worth a query. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Who a session is for, as the provider said at sign-in. */
export type SessionIdentity = {
  id: string;
  name: string;
  email?: string;
  groups: string[];
  issuer: string;
  subject: string;
};

export type StoredSession = SessionIdentity & { createdAt: Date; lastSeenAt: Date; expiresAt: Date };

const SESSION_COLUMNS = ['user_id', 'user_name', 'email', 'groups', 'issuer', 'subject', 'created_at', 'last_seen_at', 'expires_at'] as const;
type SessionRow = Pick<Selectable<AuthSessionsTable>, (typeof SESSION_COLUMNS)[number]>;

/** `seconds` from the database's clock. */
const secondsFromNow = (seconds: number) => sql<Date>`now() + make_interval(secs => ${seconds})`;

function toSession(row: SessionRow): StoredSession {
  return {
    id: row.user_id,
    name: row.user_name,
    email: row.email ?? undefined,
    groups: Array.isArray(row.groups) ? row.groups.filter((group): group is string => typeof group === 'string') : [],
    issuer: row.issuer,
    subject: row.subject,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
  };
}

/** Starts a session; returns its id, which goes into the cookie and nowhere else. */
export async function createSession(
  db: Queryable,
  identity: SessionIdentity,
  { lifetimeSeconds, idToken }: { lifetimeSeconds: number; idToken?: string },
): Promise<{ sessionId: string; expiresAt: Date }> {
  await cleanExpired(db);
  const sessionId = newSecret();
  const row = await typed(db)
    .insertInto('auth_sessions')
    .values({
      id_hash: sha256(sessionId),
      user_id: identity.id,
      user_name: identity.name,
      email: identity.email ?? null,
      groups: JSON.stringify(identity.groups),
      issuer: identity.issuer,
      subject: identity.subject,
      id_token: idToken ?? null,
      expires_at: secondsFromNow(lifetimeSeconds),
    })
    .returning('expires_at')
    .executeTakeFirst();
  return { sessionId, expiresAt: new Date(row?.expires_at ?? Date.now()) };
}

/** How often a session's last_seen_at is written: reading it on every request must not write. */
const TOUCH_EVERY_SECONDS = 300;

/**
 * The live session with this id, or undefined (unknown, malformed or expired). One statement on
 * the primary key; it notes when the session was last seen at most every five minutes.
 */
export async function findSession(db: Queryable, sessionId: string | undefined): Promise<StoredSession | undefined> {
  if (!sessionId || !SECRET_PATTERN.test(sessionId)) return undefined;
  const idHash = sha256(sessionId);
  const row = await typed(db)
    .with('found', (cte) => cte.selectFrom('auth_sessions').select(SESSION_COLUMNS).where('id_hash', '=', idHash).where('expires_at', '>', sql<Date>`now()`))
    .with('touched', (cte) =>
      cte
        .updateTable('auth_sessions')
        .set({ last_seen_at: sql<Date>`now()` })
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', sql<Date>`now()`)
        .where('last_seen_at', '<', sql<Date>`now() - make_interval(secs => ${TOUCH_EVERY_SECONDS})`),
    )
    .selectFrom('found')
    .selectAll()
    .executeTakeFirst();
  return row ? toSession(row) : undefined;
}

/** Ends a session; returns the ID token it was started with (the provider's sign-out hint). */
export async function deleteSession(db: Queryable, sessionId: string | undefined): Promise<{ idToken?: string } | undefined> {
  if (!sessionId || !SECRET_PATTERN.test(sessionId)) return undefined;
  const row = await typed(db).deleteFrom('auth_sessions').where('id_hash', '=', sha256(sessionId)).returning('id_token').executeTakeFirst();
  return row ? { idToken: row.id_token ?? undefined } : undefined;
}

/** What the callback needs to finish a sign-in the browser started. */
export type LoginAttempt = { nonce: string; codeVerifier: string; returnTo: string; browserHash: string };

/** How long a person may take at the provider's sign-in page. */
export const LOGIN_ATTEMPT_SECONDS = 600;

export async function createLoginAttempt(
  db: Queryable,
  attempt: { state: string; browserId: string; nonce: string; codeVerifier: string; returnTo: string },
  lifetimeSeconds = LOGIN_ATTEMPT_SECONDS,
): Promise<void> {
  await cleanExpired(db);
  await typed(db)
    .insertInto('auth_login_attempts')
    .values({
      state_hash: sha256(attempt.state),
      browser_hash: sha256(attempt.browserId),
      nonce: attempt.nonce,
      code_verifier: attempt.codeVerifier,
      return_to: attempt.returnTo,
      expires_at: secondsFromNow(lifetimeSeconds),
    })
    .execute();
}

/**
 * Takes the sign-in attempt with this state out of the table (used once, whatever follows):
 * undefined when there is none, `expired` when it is older than its lifetime.
 */
export async function takeLoginAttempt(db: Queryable, state: string): Promise<{ attempt: LoginAttempt; expired: boolean } | undefined> {
  const row = await typed(db)
    .deleteFrom('auth_login_attempts')
    .where('state_hash', '=', sha256(state))
    .returning(['nonce', 'code_verifier', 'return_to', 'browser_hash', sql<boolean>`expires_at > now()`.as('live')])
    .executeTakeFirst();
  if (!row) return undefined;
  return { attempt: { nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, browserHash: row.browser_hash }, expired: !row.live };
}

/** Removes expired sessions and attempts (run at every sign-in: often enough, and cheap on the index). */
export async function cleanExpired(db: Queryable): Promise<{ sessions: number; attempts: number }> {
  const sessions = await typed(db).deleteFrom('auth_sessions').where('expires_at', '<=', sql<Date>`now()`).returning('id_hash').execute();
  const attempts = await typed(db).deleteFrom('auth_login_attempts').where('expires_at', '<=', sql<Date>`now()`).returning('state_hash').execute();
  return { sessions: sessions.length, attempts: attempts.length };
}
