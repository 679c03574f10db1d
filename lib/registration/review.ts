import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/db/db';
import type { AnswersSnapshot } from './answers';
import type { Actor } from './repository';
import type { RegistrationStatus } from '@/lib/registration/statuses';

/** Sign-offs, review links and the status history of a registration. */

export type SignOff = {
  id: string;
  decision: 'approved' | 'changes_requested';
  reviewer: string;
  /** The signed-in identity's id (null for a name typed in AUTH_MODE=none, or before 0010). */
  reviewerId: string | null;
  reviewerVerified: boolean;
  comment: string;
  registrationRevision: number;
  createdAt: Date;
};

/**
 * Records a sign-off at the registration's current revision. `answers`: the answers the reviewer
 * saw (lib/registration/answers.ts), kept with an approval so that later changes can be shown.
 */
export async function addSignOff(
  db: Queryable,
  registrationId: string,
  signOff: Omit<SignOff, 'id' | 'createdAt' | 'registrationRevision'>,
  answers?: AnswersSnapshot,
): Promise<SignOff> {
  const [row] = await db.query<{ id: string; registration_revision: number; created_at: Date }>(
    `INSERT INTO sign_offs (id, registration_id, decision, reviewer, reviewer_verified, comment, registration_revision, reviewer_id, answers)
     SELECT $1, id, $3, $4, $5, $6, revision, $7, $8::jsonb FROM registrations WHERE id = $2
     RETURNING id, registration_revision, created_at`,
    [randomUUID(), registrationId, signOff.decision, signOff.reviewer, signOff.reviewerVerified, signOff.comment, signOff.reviewerId, answers ? JSON.stringify(answers) : null],
  );
  if (!row) throw new Error('unknown registration');
  return { ...signOff, id: row.id, registrationRevision: row.registration_revision, createdAt: row.created_at };
}

export async function listSignOffs(db: Queryable, registrationId: string): Promise<SignOff[]> {
  const rows = await db.query<{
    id: string;
    decision: SignOff['decision'];
    reviewer: string;
    reviewer_id: string | null;
    reviewer_verified: boolean;
    comment: string;
    registration_revision: number;
    created_at: Date;
  }>(
    // Not the answers an approval kept: only the summary's comparison reads them (approvalSnapshot).
    'SELECT id, decision, reviewer, reviewer_id, reviewer_verified, comment, registration_revision, created_at FROM sign_offs WHERE registration_id = $1 ORDER BY seq DESC',
    [registrationId],
  );
  return rows.map((row) => ({
    id: row.id,
    decision: row.decision,
    reviewer: row.reviewer,
    reviewerId: row.reviewer_id,
    reviewerVerified: row.reviewer_verified,
    comment: row.comment,
    registrationRevision: row.registration_revision,
    createdAt: row.created_at,
  }));
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** How long a review link works, unless revoked first. */
export const REVIEW_LINK_TTL_DAYS = 14;

/** A new read-only review link token (shown once; only its hash is kept). */
export async function createReviewLink(db: Queryable, registrationId: string, createdBy: string, ttlDays = REVIEW_LINK_TTL_DAYS): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString('base64url');
  const [row] = await db.query<{ expires_at: Date }>(
    `INSERT INTO review_links (token_sha256, registration_id, expires_at, created_by) VALUES ($1, $2, now() + make_interval(days => $3), $4) RETURNING expires_at`,
    [sha256(token), registrationId, ttlDays, createdBy],
  );
  return { token, expiresAt: row?.expires_at ?? new Date() };
}

/** The registration a review link opens: only while it is neither revoked nor expired. */
export async function resolveReviewLink(db: Queryable, token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [row] = await db.query<{ registration_id: string }>(
    'SELECT registration_id FROM review_links WHERE token_sha256 = $1 AND revoked_at IS NULL AND expires_at > now()',
    [sha256(token)],
  );
  return row?.registration_id;
}

export async function revokeReviewLinks(db: Queryable, registrationId: string): Promise<number> {
  const rows = await db.query('UPDATE review_links SET revoked_at = now() WHERE registration_id = $1 AND revoked_at IS NULL RETURNING 1', [registrationId]);
  return rows.length;
}

/** A review link as the summary lists it: known by a short part of its hash (the token is never kept). */
export type ReviewLinkInfo = { id: string; createdAt: Date; expiresAt: Date; createdBy: string };
const LINK_ID_CHARS = 12;

/** The links that still work, newest first. */
export async function listReviewLinks(db: Queryable, registrationId: string): Promise<ReviewLinkInfo[]> {
  const rows = await db.query<{ token_sha256: string; created_at: Date; expires_at: Date; created_by: string }>(
    `SELECT token_sha256, created_at, expires_at, created_by FROM review_links
     WHERE registration_id = $1 AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at DESC`,
    [registrationId],
  );
  return rows.map((row) => ({ id: row.token_sha256.slice(0, LINK_ID_CHARS), createdAt: row.created_at, expiresAt: row.expires_at, createdBy: row.created_by }));
}

/** Revokes one link, named by its id (the start of its hash), of this registration only. */
export async function revokeReviewLink(db: Queryable, registrationId: string, linkId: string): Promise<boolean> {
  if (!new RegExp(`^[0-9a-f]{${LINK_ID_CHARS}}$`).test(linkId)) return false;
  const rows = await db.query(
    `UPDATE review_links SET revoked_at = now()
     WHERE registration_id = $1 AND revoked_at IS NULL AND substr(token_sha256, 1, ${LINK_ID_CHARS}) = $2 RETURNING 1`,
    [registrationId, linkId],
  );
  return rows.length > 0;
}

export type RegistrationEvent = { id: number; status: RegistrationStatus; actor: string; actorId: string | null; note: string; createdAt: Date };

/** Moves the registration to a status and records who did it, when (and why, in the note). */
export async function recordStatus(db: Queryable, registrationId: string, status: RegistrationStatus, actor: Actor, note = ''): Promise<void> {
  // A new status starts without an acknowledgement to change a submitted registration.
  await db.query('UPDATE registrations SET status = $2, reopen_acknowledged_by = NULL WHERE id = $1', [registrationId, status]);
  await db.query('INSERT INTO registration_events (registration_id, status, actor, actor_id, note) VALUES ($1, $2, $3, $4, $5)', [
    registrationId,
    status,
    actor.name,
    actor.id,
    note,
  ]);
}

/**
 * The people who changed the registration after `revision` (the revision the last approval
 * saw; 0 when there is none), with what they changed last: four eyes.
 */
export async function changersSince(db: Queryable, registrationId: string, revision: number): Promise<{ id: string; name: string; steps: number[]; lastAt: Date }[]> {
  const rows = await db.query<{ actor_id: string; actor_name: string; steps: number[]; last_at: Date }>(
    `SELECT actor_id, max(actor_name) AS actor_name, array_agg(DISTINCT step ORDER BY step) AS steps, max(created_at) AS last_at
     FROM registration_changes WHERE registration_id = $1 AND revision > $2 GROUP BY actor_id ORDER BY max(created_at) DESC`,
    [registrationId, revision],
  );
  return rows.map((row) => ({ id: row.actor_id, name: row.actor_name, steps: row.steps.map(Number), lastAt: row.last_at }));
}

export async function listEvents(db: Queryable, registrationId: string): Promise<RegistrationEvent[]> {
  const rows = await db.query<{ id: number; status: RegistrationStatus; actor: string; actor_id: string | null; note: string; created_at: Date }>(
    'SELECT * FROM registration_events WHERE registration_id = $1 ORDER BY id',
    [registrationId],
  );
  return rows.map((row) => ({ id: row.id, status: row.status, actor: row.actor, actorId: row.actor_id, note: row.note, createdAt: row.created_at }));
}

/** The registration's current revision: what an approval is compared against. */
export async function currentRevision(db: Queryable, registrationId: string): Promise<number> {
  const [row] = await db.query<{ revision: number }>('SELECT revision FROM registrations WHERE id = $1', [registrationId]);
  return row?.revision ?? 0;
}
