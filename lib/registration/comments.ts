import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
import type { Actor } from './repository';

/**
 * Reviewers' requests for changes pointed at a step (and optionally one of its fields): open
 * until someone who can edit marks them resolved, which is recorded (who, when).
 */

export type ReviewComment = {
  id: string;
  signOffId: string | null;
  step: number;
  field: string | null;
  body: string;
  author: string;
  authorId: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
};

/** A comment's columns, read as a ReviewComment. */
const COMMENT = [
  'id',
  'sign_off_id as signOffId',
  'step',
  'field',
  'body',
  'author',
  'author_id as authorId',
  'created_at as createdAt',
  'resolved_at as resolvedAt',
  'resolved_by as resolvedBy',
] as const;

export async function addReviewComment(
  db: Queryable,
  registrationId: string,
  comment: { signOffId: string | null; step: number; field: string | null; body: string; author: string; authorId: string | null },
): Promise<ReviewComment> {
  return typed(db)
    .insertInto('review_comments')
    .values({
      id: randomUUID(),
      registration_id: registrationId,
      sign_off_id: comment.signOffId,
      step: comment.step,
      field: comment.field,
      body: comment.body,
      author: comment.author,
      author_id: comment.authorId,
    })
    .returning(COMMENT)
    .executeTakeFirstOrThrow(() => new Error('the comment was not stored'));
}

/** A registration's comments, oldest first: only the open ones, or (`all`) the resolved ones too. */
export async function listReviewComments(db: Queryable, registrationId: string, options: { all?: boolean; step?: number } = {}): Promise<ReviewComment[]> {
  let query = typed(db).selectFrom('review_comments').select(COMMENT).where('registration_id', '=', registrationId);
  if (options.all !== true) query = query.where('resolved_at', 'is', null);
  if (options.step !== undefined) query = query.where('step', '=', options.step);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** How many comments are open, per step: the step list's badges. */
export async function openCommentsByStep(db: Queryable, registrationId: string): Promise<Record<number, number>> {
  const rows = await typed(db)
    .selectFrom('review_comments')
    .select((eb) => ['step', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
    .where('registration_id', '=', registrationId)
    .where('resolved_at', 'is', null)
    .groupBy('step')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.step, row.n]));
}

/**
 * Marks one open comment of this registration resolved, by `actor`. False when there is no such
 * open comment (already resolved, or another registration's).
 */
export async function resolveReviewComment(db: Queryable, registrationId: string, commentId: string, actor: Actor): Promise<boolean> {
  const rows = await typed(db)
    .updateTable('review_comments')
    .set({ resolved_at: sql<Date>`now()`, resolved_by: actor.name, resolved_by_id: actor.id })
    .where('registration_id', '=', registrationId)
    .where('id', '=', commentId)
    .where('resolved_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}
