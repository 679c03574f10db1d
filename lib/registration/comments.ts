import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/db/db';
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

type CommentRow = {
  id: string;
  sign_off_id: string | null;
  step: number;
  field: string | null;
  body: string;
  author: string;
  author_id: string | null;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
};

const toComment = (row: CommentRow): ReviewComment => ({
  id: row.id,
  signOffId: row.sign_off_id,
  step: Number(row.step),
  field: row.field,
  body: row.body,
  author: row.author,
  authorId: row.author_id,
  createdAt: row.created_at,
  resolvedAt: row.resolved_at,
  resolvedBy: row.resolved_by,
});

export async function addReviewComment(
  db: Queryable,
  registrationId: string,
  comment: { signOffId: string | null; step: number; field: string | null; body: string; author: string; authorId: string | null },
): Promise<ReviewComment> {
  const [row] = await db.query<CommentRow>(
    `INSERT INTO review_comments (id, registration_id, sign_off_id, step, field, body, author, author_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [randomUUID(), registrationId, comment.signOffId, comment.step, comment.field, comment.body, comment.author, comment.authorId],
  );
  if (!row) throw new Error('the comment was not stored');
  return toComment(row);
}

/** A registration's comments, oldest first: only the open ones, or (`all`) the resolved ones too. */
export async function listReviewComments(db: Queryable, registrationId: string, options: { all?: boolean; step?: number } = {}): Promise<ReviewComment[]> {
  const rows = await db.query<CommentRow>(
    `SELECT * FROM review_comments
     WHERE registration_id = $1 AND ($2::boolean OR resolved_at IS NULL) AND ($3::smallint IS NULL OR step = $3::smallint)
     ORDER BY created_at, id`,
    [registrationId, options.all === true, options.step ?? null],
  );
  return rows.map(toComment);
}

/** How many comments are open, per step: the step list's badges. */
export async function openCommentsByStep(db: Queryable, registrationId: string): Promise<Record<number, number>> {
  const rows = await db.query<{ step: number; n: number }>(
    'SELECT step, count(*)::int AS n FROM review_comments WHERE registration_id = $1 AND resolved_at IS NULL GROUP BY step',
    [registrationId],
  );
  return Object.fromEntries(rows.map((row) => [Number(row.step), Number(row.n)]));
}

/**
 * Marks one open comment of this registration resolved, by `actor`. False when there is no such
 * open comment (already resolved, or another registration's).
 */
export async function resolveReviewComment(db: Queryable, registrationId: string, commentId: string, actor: Actor): Promise<boolean> {
  const rows = await db.query(
    `UPDATE review_comments SET resolved_at = now(), resolved_by = $3, resolved_by_id = $4
     WHERE registration_id = $1 AND id = $2 AND resolved_at IS NULL RETURNING id`,
    [registrationId, commentId, actor.name, actor.id],
  );
  return rows.length > 0;
}
