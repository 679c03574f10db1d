import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/db/db';
import type { RegistrationStatus } from './steps';

/** Sign-offs, review links and the status history of a registration. */

export type SignOff = {
  id: string;
  decision: 'approved' | 'changes_requested';
  reviewer: string;
  reviewerVerified: boolean;
  comment: string;
  registrationRevision: number;
  createdAt: Date;
};

export async function addSignOff(db: Queryable, registrationId: string, signOff: Omit<SignOff, 'id' | 'createdAt' | 'registrationRevision'>): Promise<SignOff> {
  const [row] = await db.query<{ id: string; registration_revision: number; created_at: Date }>(
    `INSERT INTO sign_offs (id, registration_id, decision, reviewer, reviewer_verified, comment, registration_revision)
     SELECT $1, id, $3, $4, $5, $6, revision FROM registrations WHERE id = $2
     RETURNING id, registration_revision, created_at`,
    [randomUUID(), registrationId, signOff.decision, signOff.reviewer, signOff.reviewerVerified, signOff.comment],
  );
  if (!row) throw new Error('unknown registration');
  return { ...signOff, id: row.id, registrationRevision: row.registration_revision, createdAt: row.created_at };
}

export async function listSignOffs(db: Queryable, registrationId: string): Promise<SignOff[]> {
  const rows = await db.query<{
    id: string;
    decision: SignOff['decision'];
    reviewer: string;
    reviewer_verified: boolean;
    comment: string;
    registration_revision: number;
    created_at: Date;
  }>('SELECT * FROM sign_offs WHERE registration_id = $1 ORDER BY seq DESC', [registrationId]);
  return rows.map((row) => ({
    id: row.id,
    decision: row.decision,
    reviewer: row.reviewer,
    reviewerVerified: row.reviewer_verified,
    comment: row.comment,
    registrationRevision: row.registration_revision,
    createdAt: row.created_at,
  }));
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A new read-only review link token (shown once; only its hash is kept). */
export async function createReviewLink(db: Queryable, registrationId: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db.query('INSERT INTO review_links (token_sha256, registration_id) VALUES ($1, $2)', [sha256(token), registrationId]);
  return token;
}

export async function resolveReviewLink(db: Queryable, token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [row] = await db.query<{ registration_id: string }>('SELECT registration_id FROM review_links WHERE token_sha256 = $1 AND revoked_at IS NULL', [sha256(token)]);
  return row?.registration_id;
}

export async function revokeReviewLinks(db: Queryable, registrationId: string): Promise<number> {
  const rows = await db.query('UPDATE review_links SET revoked_at = now() WHERE registration_id = $1 AND revoked_at IS NULL RETURNING 1', [registrationId]);
  return rows.length;
}

export async function countReviewLinks(db: Queryable, registrationId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM review_links WHERE registration_id = $1 AND revoked_at IS NULL', [registrationId]);
  return row?.n ?? 0;
}

export type RegistrationEvent = { id: number; status: RegistrationStatus; actor: string; note: string; createdAt: Date };

/** Moves the registration to a status and records who did it, when. */
export async function recordStatus(db: Queryable, registrationId: string, status: RegistrationStatus, actor: string, note = ''): Promise<void> {
  await db.query('UPDATE registrations SET status = $2 WHERE id = $1', [registrationId, status]);
  await db.query('INSERT INTO registration_events (registration_id, status, actor, note) VALUES ($1, $2, $3, $4)', [registrationId, status, actor, note]);
}

export async function listEvents(db: Queryable, registrationId: string): Promise<RegistrationEvent[]> {
  const rows = await db.query<{ id: number; status: RegistrationStatus; actor: string; note: string; created_at: Date }>(
    'SELECT * FROM registration_events WHERE registration_id = $1 ORDER BY id',
    [registrationId],
  );
  return rows.map((row) => ({ id: row.id, status: row.status, actor: row.actor, note: row.note, createdAt: row.created_at }));
}

/** The registration's current revision: what an approval is compared against. */
export async function currentRevision(db: Queryable, registrationId: string): Promise<number> {
  const [row] = await db.query<{ revision: number }>('SELECT revision FROM registrations WHERE id = $1', [registrationId]);
  return row?.revision ?? 0;
}
