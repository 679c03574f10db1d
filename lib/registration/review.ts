import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
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
  // At the revision the registration has now, read in the same statement.
  const row = await typed(db)
    .insertInto('sign_offs')
    .columns(['id', 'registration_id', 'decision', 'reviewer', 'reviewer_verified', 'comment', 'registration_revision', 'reviewer_id', 'answers'])
    .expression((eb) =>
      eb
        .selectFrom('registrations')
        .select([
          eb.val(randomUUID()).as('id'),
          'id as registration_id',
          eb.val(signOff.decision).as('decision'),
          eb.val(signOff.reviewer).as('reviewer'),
          eb.val(signOff.reviewerVerified).as('reviewer_verified'),
          eb.val(signOff.comment).as('comment'),
          'revision',
          eb.val(signOff.reviewerId).as('reviewer_id'),
          sql<string | null>`${answers ? JSON.stringify(answers) : null}::jsonb`.as('answers'),
        ])
        .where('id', '=', registrationId),
    )
    .returning(['id', 'registration_revision as registrationRevision', 'created_at as createdAt'])
    .executeTakeFirstOrThrow(() => new Error('unknown registration'));
  return { ...signOff, ...row };
}

export async function listSignOffs(db: Queryable, registrationId: string): Promise<SignOff[]> {
  return (
    typed(db)
      .selectFrom('sign_offs')
      // Not the answers an approval kept: only the summary's comparison reads them (approvalSnapshot).
      .select([
        'id',
        'decision',
        'reviewer',
        'reviewer_id as reviewerId',
        'reviewer_verified as reviewerVerified',
        'comment',
        'registration_revision as registrationRevision',
        'created_at as createdAt',
      ])
      .where('registration_id', '=', registrationId)
      .orderBy('seq', 'desc')
      .execute()
  );
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** How long a review link works, unless revoked first. */
export const REVIEW_LINK_TTL_DAYS = 14;

/** A new read-only review link token (shown once; only its hash is kept). */
export async function createReviewLink(db: Queryable, registrationId: string, createdBy: string, ttlDays = REVIEW_LINK_TTL_DAYS): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString('base64url');
  const row = await typed(db)
    .insertInto('review_links')
    .values({ token_sha256: sha256(token), registration_id: registrationId, expires_at: sql<Date>`now() + make_interval(days => ${ttlDays})`, created_by: createdBy })
    .returning('expires_at')
    .executeTakeFirst();
  return { token, expiresAt: row?.expires_at ?? new Date() };
}

/** The registration a review link opens: only while it is neither revoked nor expired. */
export async function resolveReviewLink(db: Queryable, token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const row = await typed(db)
    .selectFrom('review_links')
    .select('registration_id')
    .where('token_sha256', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.registration_id;
}

export async function revokeReviewLinks(db: Queryable, registrationId: string): Promise<number> {
  const rows = await typed(db)
    .updateTable('review_links')
    .set({ revoked_at: sql<Date>`now()` })
    .where('registration_id', '=', registrationId)
    .where('revoked_at', 'is', null)
    .returning('token_sha256')
    .execute();
  return rows.length;
}

/** A review link as the summary lists it: known by a short part of its hash (the token is never kept). */
export type ReviewLinkInfo = { id: string; createdAt: Date; expiresAt: Date; createdBy: string };
const LINK_ID_CHARS = 12;

/** The links that still work, newest first. */
export async function listReviewLinks(db: Queryable, registrationId: string): Promise<ReviewLinkInfo[]> {
  const rows = await typed(db)
    .selectFrom('review_links')
    .select(['token_sha256', 'created_at', 'expires_at', 'created_by'])
    .where('registration_id', '=', registrationId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.token_sha256.slice(0, LINK_ID_CHARS), createdAt: row.created_at, expiresAt: row.expires_at, createdBy: row.created_by }));
}

/** Revokes one link, named by its id (the start of its hash), of this registration only. */
export async function revokeReviewLink(db: Queryable, registrationId: string, linkId: string): Promise<boolean> {
  if (!new RegExp(`^[0-9a-f]{${LINK_ID_CHARS}}$`).test(linkId)) return false;
  const rows = await typed(db)
    .updateTable('review_links')
    .set({ revoked_at: sql<Date>`now()` })
    .where('registration_id', '=', registrationId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb(eb.fn<string>('substr', ['token_sha256', eb.lit(1), eb.lit(LINK_ID_CHARS)]), '=', linkId))
    .returning('token_sha256')
    .execute();
  return rows.length > 0;
}

export type RegistrationEvent = { id: number; status: RegistrationStatus; actor: string; actorId: string | null; note: string; createdAt: Date };

/** Moves the registration to a status and records who did it, when (and why, in the note). */
export async function recordStatus(db: Queryable, registrationId: string, status: RegistrationStatus, actor: Actor, note = ''): Promise<void> {
  // A new status starts without an acknowledgement to change a submitted registration.
  await typed(db).updateTable('registrations').set({ status, reopen_acknowledged_by: null }).where('id', '=', registrationId).execute();
  await typed(db).insertInto('registration_events').values({ registration_id: registrationId, status, actor: actor.name, actor_id: actor.id, note }).execute();
}

/**
 * The people who changed the registration after `revision` (the revision the last approval
 * saw; 0 when there is none), with what they changed last: four eyes.
 */
export async function changersSince(db: Queryable, registrationId: string, revision: number): Promise<{ id: string; name: string; steps: number[]; lastAt: Date }[]> {
  const rows = await typed(db)
    .selectFrom('registration_changes')
    .select((eb) => [
      'actor_id as id',
      eb.fn.max('actor_name').as('name'),
      // No builder for DISTINCT ... ORDER BY inside an aggregate.
      sql<number[]>`array_agg(DISTINCT ${eb.ref('step')} ORDER BY ${eb.ref('step')})`.as('steps'),
      eb.fn.max('created_at').as('lastAt'),
    ])
    .where('registration_id', '=', registrationId)
    .where('revision', '>', revision)
    .groupBy('actor_id')
    .orderBy((eb) => eb.fn.max('created_at'), 'desc')
    .execute();
  return rows.map((row) => ({ ...row, steps: row.steps.map(Number) }));
}

export async function listEvents(db: Queryable, registrationId: string): Promise<RegistrationEvent[]> {
  return typed(db)
    .selectFrom('registration_events')
    .select(['id', 'status', 'actor', 'actor_id as actorId', 'note', 'created_at as createdAt'])
    .where('registration_id', '=', registrationId)
    .orderBy('id')
    .execute();
}

/** The registration's current revision: what an approval is compared against. */
export async function currentRevision(db: Queryable, registrationId: string): Promise<number> {
  const row = await typed(db).selectFrom('registrations').select('revision').where('id', '=', registrationId).executeTakeFirst();
  return row?.revision ?? 0;
}
