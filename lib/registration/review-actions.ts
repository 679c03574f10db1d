'use server';

import * as z from 'zod';
import { actorOf, authorize } from '@/lib/auth/current';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { getConfig } from '@/lib/env';
import { refusedAsReadOnly } from '@/lib/registration/access';
import { checkDecision, DECISION_STATUSES, notReady, type NotReadyItem } from '@/lib/registration/decision';
import { resolveReviewComment } from '@/lib/registration/comments';
import { ARCHIVED_MESSAGE, archivedRefusal, getRegistration, type Actor } from '@/lib/registration/repository';
import { reviewFieldLabel } from '@/lib/registration/review-fields';
import { recordSignOff } from '@/lib/registration/sign-off';
import { changersSince, createReviewLink, listSignOffs, recordStatus, revokeReviewLink, revokeReviewLinks } from '@/lib/registration/review';
import { STEPS } from '@/lib/wizard/steps/meta';
import { REGISTRATION_STATUSES } from '@/lib/registration/statuses';
import { loadRegistrationView } from '@/lib/registration/summary';
import { setRequestRegistration } from '@/lib/server/request-hook';
import { NUL_MESSAGE, containsNul } from '@/lib/text';
import { fieldErrorsOf } from '@/lib/zod-issues';

/**
 * The reviewer's and the admin's actions: sign-off (reviewers; a request for changes pointed at a
 * step leaves a comment there, which editors mark resolved), review links (admins), and the
 * registration's status at step 10 (the status role, admin by default). Each checks the role
 * on the server first; the pages only hide what a person may not do.
 */

export type ReviewActionResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };
const READ_ONLY: ReviewActionResult = { ok: false, message: 'This review link is read-only.' };

const text = (max: number, tooLong: string) =>
  z.string().trim().max(max, { error: tooLong }).refine((value) => !containsNul(value), { error: NUL_MESSAGE });

const signOffSchema = z.object({
  registrationId: uuidSchema,
  decision: z.enum(['approved', 'changes_requested'], { error: 'Choose approve or request changes' }),
  comment: text(4_000, 'The comment is too long'),
  /** Only in AUTH_MODE=none, where nobody is signed in: the name typed. */
  reviewer: text(100, 'The name is too long').optional(),
  /** A request for changes pointed at a step (1–9), and optionally one of its fields. */
  step: z.number().int().min(1).max(9).optional(),
  field: z.string().max(40).optional(),
});

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export async function signOff(input: unknown): Promise<ReviewActionResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const who = await authorize('reviewer');
  if (!who.ok) return { ok: false, message: who.message };
  const parsed = signOffSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'Check the sign-off.', fieldErrors: fieldErrorsOf(parsed.error.issues) };
  setRequestRegistration(parsed.data.registrationId);
  const { registrationId, decision, comment, reviewer, step } = parsed.data;
  if (decision === 'changes_requested' && comment === '') {
    return { ok: false, message: 'Say what needs to change.', fieldErrors: { comment: ['Say what needs to change'] } };
  }
  // A field is one of the step's own (lib/registration/review-fields.ts), and only with a step.
  const field = parsed.data.field ? parsed.data.field : null;
  if (field !== null && (step === undefined || reviewFieldLabel(step, field) === undefined)) {
    return { ok: false, message: 'Choose a field of that step.', fieldErrors: { field: ['Choose a field of that step'] } };
  }
  const localMode = getConfig().auth.mode === 'none';
  // Outside local mode the sign-off is the signed-in person's, never a name typed.
  let actor: Actor = actorOf(who.user);
  if (localMode) {
    if (!reviewer) return { ok: false, message: 'Enter your name.', fieldErrors: { reviewer: ['Enter your name'] } };
    actor = { id: who.user.id, name: reviewer };
  }
  const db = await getDb();
  const registration = await getRegistration(db, registrationId);
  if (!registration) return { ok: false, message: 'This registration does not exist (any more).' };
  if (registration.archivedAt) return { ok: false, message: ARCHIVED_MESSAGE };
  if (decision === 'approved' && !localMode) {
    // Four eyes: whoever changed the registration since the last approval cannot approve it.
    const lastApproval = (await listSignOffs(db, registrationId)).find((item) => item.decision === 'approved');
    const mine = (await changersSince(db, registrationId, lastApproval?.registrationRevision ?? 0)).find((changer) => changer.id === who.user.id);
    if (mine) {
      return {
        ok: false,
        message: `You changed this registration since the last approval (step ${mine.steps.join(', ')}, ${dateTime.format(mine.lastAt)} UTC): another reviewer must approve it. You may still request changes.`,
      };
    }
  }
  await recordSignOff(db, registrationId, {
    decision,
    comment,
    reviewer: actor.name,
    reviewerId: localMode ? null : actor.id,
    reviewerVerified: !localMode,
    pointedAt: decision === 'changes_requested' && step !== undefined ? { step, field } : undefined,
  });
  if (registration.status === 'in_progress') await recordStatus(db, registrationId, 'in_review', actor, 'First sign-off');
  if (decision === 'approved') return { ok: true, message: 'Approved.' };
  const title = STEPS.find((item) => item.number === step)?.title;
  return { ok: true, message: title ? `Changes requested: the comment shows on step ${step}, ${title}, until it is resolved.` : 'Changes requested.' };
}

const resolveSchema = z.object({ registrationId: uuidSchema, commentId: uuidSchema });

/**
 * Marks a reviewer's comment resolved: whoever can edit the registration (the author answering
 * it); recorded with their name and the time. Not on an archived registration.
 */
export async function resolveComment(input: unknown): Promise<ReviewActionResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const parsed = resolveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'Invalid request.' };
  const { registrationId, commentId } = parsed.data;
  setRequestRegistration(registrationId);
  const db = await getDb();
  const refusal = await archivedRefusal(db, registrationId);
  if (refusal) return { ok: false, message: refusal };
  return (await resolveReviewComment(db, registrationId, commentId, actorOf(who.user)))
    ? { ok: true, message: 'Marked resolved.' }
    : { ok: false, message: 'That comment is already resolved.' };
}

export async function createReviewLinkAction(registrationId: string): Promise<{ ok: true; path: string; expiresAt: string } | { ok: false; message: string }> {
  if (await refusedAsReadOnly()) return READ_ONLY as { ok: false; message: string };
  const who = await authorize('admin');
  if (!who.ok) return { ok: false, message: who.message };
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(id.data);
  const db = await getDb();
  if (!(await getRegistration(db, id.data))) return { ok: false, message: 'This registration does not exist (any more).' };
  const { token, expiresAt } = await createReviewLink(db, id.data, who.user.name);
  return { ok: true, path: `/review/${token}`, expiresAt: expiresAt.toISOString() };
}

export async function revokeReviewLinksAction(registrationId: string): Promise<ReviewActionResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const who = await authorize('admin');
  if (!who.ok) return { ok: false, message: who.message };
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(id.data);
  const count = await revokeReviewLinks(await getDb(), id.data);
  return { ok: true, message: count === 1 ? 'One review link revoked.' : `${count} review links revoked.` };
}

/** Revokes one review link (by the id the summary lists), leaving the others working. */
export async function revokeReviewLinkAction(registrationId: string, linkId: string): Promise<ReviewActionResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const who = await authorize('admin');
  if (!who.ok) return { ok: false, message: who.message };
  const id = uuidSchema.safeParse(registrationId);
  const link = z.string().regex(/^[0-9a-f]{12}$/).safeParse(linkId);
  if (!id.success || !link.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(id.data);
  return (await revokeReviewLink(await getDb(), id.data, link.data))
    ? { ok: true, message: 'Review link revoked: it no longer opens the summary.' }
    : { ok: false, message: 'That link is already revoked or expired.' };
}

const statusSchema = z.object({
  registrationId: uuidSchema,
  status: z.enum(REGISTRATION_STATUSES),
  /** The digest of the "not ready" list the person confirmed (lib/registration/decision.ts). */
  confirm: z.string().max(64).optional(),
  /** The written reason for recording a status despite blockers. */
  override: text(1_000, 'The reason is too long').optional(),
  note: text(1_000, 'The note is too long').default(''),
});

export type StatusResult = ReviewActionResult | { ok: false; message: string; notReady: NotReadyItem[]; confirm: string };

export async function setRegistrationStatus(input: unknown): Promise<StatusResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const who = await authorize(getConfig().auth.roles.statusRole);
  if (!who.ok) return { ok: false, message: who.message };
  const parsed = statusSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(parsed.data.registrationId);
  const { registrationId, status, note, confirm, override } = parsed.data;
  const db = await getDb();
  const view = await loadRegistrationView(db, registrationId, { journal: { limit: 1 } });
  if (!view) return { ok: false, message: 'This registration does not exist (any more).' };
  if (view.registration.archivedAt) return { ok: false, message: ARCHIVED_MESSAGE };
  const items = notReady(view);
  const check = checkDecision(view.registration.status, status, items, { digest: confirm, override, note });
  if (!check.ok) return check.digest && check.notReady ? { ok: false, message: check.message, notReady: check.notReady, confirm: check.digest } : { ok: false, message: check.message };
  await recordStatus(db, registrationId, status, actorOf(who.user), check.note);
  return { ok: true, message: DECISION_STATUSES.has(status) ? 'Status recorded, with your name and what was not ready.' : 'Status recorded.' };
}
