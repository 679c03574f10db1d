import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@/lib/db/db';

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

type SessionRow = {
  user_id: string;
  user_name: string;
  email: string | null;
  groups: unknown;
  issuer: string;
  subject: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
};

const SESSION_COLUMNS = 'user_id, user_name, email, groups, issuer, subject, created_at, last_seen_at, expires_at';

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
  const [row] = await db.query<{ expires_at: Date }>(
    `INSERT INTO auth_sessions (id_hash, user_id, user_name, email, groups, issuer, subject, id_token, expires_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, now() + make_interval(secs => $9))
     RETURNING expires_at`,
    [sha256(sessionId), identity.id, identity.name, identity.email ?? null, JSON.stringify(identity.groups), identity.issuer, identity.subject, idToken ?? null, lifetimeSeconds],
  );
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
  const [row] = await db.query<SessionRow>(
    `WITH found AS (
       SELECT ${SESSION_COLUMNS} FROM auth_sessions WHERE id_hash = $1 AND expires_at > now()
     ), touched AS (
       UPDATE auth_sessions SET last_seen_at = now()
       WHERE id_hash = $1 AND expires_at > now() AND last_seen_at < now() - make_interval(secs => $2)
     )
     SELECT * FROM found`,
    [sha256(sessionId), TOUCH_EVERY_SECONDS],
  );
  return row ? toSession(row) : undefined;
}

/** Ends a session; returns the ID token it was started with (the provider's sign-out hint). */
export async function deleteSession(db: Queryable, sessionId: string | undefined): Promise<{ idToken?: string } | undefined> {
  if (!sessionId || !SECRET_PATTERN.test(sessionId)) return undefined;
  const [row] = await db.query<{ id_token: string | null }>('DELETE FROM auth_sessions WHERE id_hash = $1 RETURNING id_token', [sha256(sessionId)]);
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
  await db.query(
    `INSERT INTO auth_login_attempts (state_hash, browser_hash, nonce, code_verifier, return_to, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
    [sha256(attempt.state), sha256(attempt.browserId), attempt.nonce, attempt.codeVerifier, attempt.returnTo, lifetimeSeconds],
  );
}

/**
 * Takes the sign-in attempt with this state out of the table (used once, whatever follows):
 * undefined when there is none, `expired` when it is older than its lifetime.
 */
export async function takeLoginAttempt(db: Queryable, state: string): Promise<{ attempt: LoginAttempt; expired: boolean } | undefined> {
  const [row] = await db.query<{ nonce: string; code_verifier: string; return_to: string; browser_hash: string; live: boolean }>(
    `DELETE FROM auth_login_attempts WHERE state_hash = $1
     RETURNING nonce, code_verifier, return_to, browser_hash, expires_at > now() AS live`,
    [sha256(state)],
  );
  if (!row) return undefined;
  return { attempt: { nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, browserHash: row.browser_hash }, expired: !row.live };
}

/** Removes expired sessions and attempts (run at every sign-in: often enough, and cheap on the index). */
export async function cleanExpired(db: Queryable): Promise<{ sessions: number; attempts: number }> {
  const sessions = await db.query('DELETE FROM auth_sessions WHERE expires_at <= now() RETURNING 1');
  const attempts = await db.query('DELETE FROM auth_login_attempts WHERE expires_at <= now() RETURNING 1');
  return { sessions: sessions.length, attempts: attempts.length };
}
