import 'server-only';
import type { Db, Queryable } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
import { AUTHORIZATION_HEADER_SECRET } from '@/lib/wizard/steps/9-version/schema';
import { answersOf, diffAnswers, readSnapshot, snapshotOf, type StepAnswers, type StepChanges } from './answers';
import { addReviewComment, listReviewComments, type ReviewComment } from './comments';
import { describeSecret, listAssets } from './repository';
import { addSignOff, type SignOff } from './review';

/** The registration's answers as they are now (steps 1–9). */
export async function currentAnswers(db: Queryable, registrationId: string): Promise<StepAnswers[]> {
  // One after the other: inside a transaction, a PGlite or pg client runs one query at a time.
  const steps = await typed(db).selectFrom('registration_steps').select(['step', 'draft']).where('registration_id', '=', registrationId).execute();
  const files = await listAssets(db, registrationId);
  const authorizationHeader = await describeSecret(db, registrationId, AUTHORIZATION_HEADER_SECRET);
  return answersOf({
    drafts: new Map(steps.map((row) => [Number(row.step), row.draft])),
    files: new Map(files.map((file) => [file.id, file])),
    authorizationHeader,
  });
}

export type SignOffInput = Omit<SignOff, 'id' | 'createdAt' | 'registrationRevision'> & {
  /** A request for changes pointed at a step (and optionally one of its fields). */
  pointedAt?: { step: number; field: string | null };
};

/**
 * Records a sign-off: an approval with the answers it saw, a request for changes pointed at a
 * step with its comment. One transaction that first locks the registration's row, so the
 * answers kept are those of the revision recorded (a save waits until it is done).
 */
export async function recordSignOff(db: Pick<Db, 'transaction'>, registrationId: string, input: SignOffInput): Promise<{ signOff: SignOff; comment?: ReviewComment }> {
  return db.transaction(async (tx) => {
    await typed(tx).selectFrom('registrations').select('id').where('id', '=', registrationId).forUpdate().execute();
    const { pointedAt, ...signOffFields } = input;
    const answers = input.decision === 'approved' ? snapshotOf(await currentAnswers(tx, registrationId)) : undefined;
    const signOff = await addSignOff(tx, registrationId, signOffFields, answers);
    if (input.decision !== 'changes_requested' || !pointedAt) return { signOff };
    const comment = await addReviewComment(tx, registrationId, {
      signOffId: signOff.id,
      step: pointedAt.step,
      field: pointedAt.field,
      body: input.comment,
      author: input.reviewer,
      authorId: input.reviewerId,
    });
    return { signOff, comment };
  });
}

/** What changed since the last approval, as the decision panel says it. */
export type ChangesSinceApproval =
  | { kind: 'no-approval' }
  /** The approval was given before the wizard kept the answers an approval saw. */
  | { kind: 'not-kept'; approval: { reviewer: string; createdAt: Date } }
  | { kind: 'compared'; approval: { reviewer: string; createdAt: Date }; steps: StepChanges[] };

/** The answers now against those the last approval kept. */
export async function changesSinceApproval(db: Queryable, registrationId: string): Promise<ChangesSinceApproval> {
  const approval = await typed(db)
    .selectFrom('sign_offs')
    .select(['reviewer', 'created_at', 'answers'])
    .where('registration_id', '=', registrationId)
    .where('decision', '=', 'approved')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!approval) return { kind: 'no-approval' };
  const who = { reviewer: approval.reviewer, createdAt: approval.created_at };
  const snapshot = readSnapshot(approval.answers);
  if (!snapshot) return { kind: 'not-kept', approval: who };
  return { kind: 'compared', approval: who, steps: diffAnswers(snapshot.steps, await currentAnswers(db, registrationId)) };
}

/** Everything the decision panel shows beyond the reviewer's view: the comparison and the open comments. */
export async function loadDecision(db: Queryable, registrationId: string): Promise<{ changes: ChangesSinceApproval; comments: ReviewComment[] }> {
  const [changes, comments] = await Promise.all([changesSinceApproval(db, registrationId), listReviewComments(db, registrationId, { all: true })]);
  return { changes, comments };
}
