'use server';

import * as z from 'zod';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { actorName, refusedAsReadOnly } from '@/lib/registration/access';
import { getRegistration } from '@/lib/registration/repository';
import { addSignOff, createReviewLink, recordStatus, revokeReviewLink, revokeReviewLinks } from '@/lib/registration/review';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '@/lib/registration/steps';
import { loadRegistrationView } from '@/lib/registration/summary';
import { setRequestRegistration } from '@/lib/server/request-hook';
import { NUL_MESSAGE, containsNul } from '@/lib/text';

/** The reviewer's actions: sign-off, review links, and the registration's status (step 10). */

export type ReviewActionResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };
const READ_ONLY: ReviewActionResult = { ok: false, message: 'This review link is read-only.' };

const signOffSchema = z.object({
  registrationId: uuidSchema,
  decision: z.enum(['approved', 'changes_requested'], { error: 'Choose approve or request changes' }),
  comment: z.string().trim().max(4_000, { error: 'The comment is too long' }).refine((text) => !containsNul(text), { error: NUL_MESSAGE }),
  reviewer: z.string().trim().max(100, { error: 'The name is too long' }).refine((text) => !containsNul(text), { error: NUL_MESSAGE }).optional(),
});

export async function signOff(input: unknown): Promise<ReviewActionResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const parsed = signOffSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'Check the sign-off.', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  setRequestRegistration(parsed.data.registrationId);
  const { registrationId, decision, comment, reviewer } = parsed.data;
  if (decision === 'changes_requested' && comment === '') {
    return { ok: false, message: 'Say what needs to change.', fieldErrors: { comment: ['Say what needs to change'] } };
  }
  const actor = await actorName(reviewer);
  if (!actor) return { ok: false, message: 'Enter your name.', fieldErrors: { reviewer: ['Enter your name'] } };
  const db = await getDb();
  const registration = await getRegistration(db, registrationId);
  if (!registration) return { ok: false, message: 'This registration does not exist (any more).' };
  await addSignOff(db, registrationId, { decision, comment, reviewer: actor.name, reviewerVerified: actor.verified });
  if (registration.status === 'in_progress') await recordStatus(db, registrationId, 'in_review', actor.name, 'First sign-off');
  return { ok: true, message: decision === 'approved' ? 'Approved.' : 'Changes requested.' };
}

export async function createReviewLinkAction(registrationId: string): Promise<{ ok: true; path: string; expiresAt: string } | { ok: false; message: string }> {
  if (await refusedAsReadOnly()) return READ_ONLY as { ok: false; message: string };
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(id.data);
  const db = await getDb();
  if (!(await getRegistration(db, id.data))) return { ok: false, message: 'This registration does not exist (any more).' };
  const { token, expiresAt } = await createReviewLink(db, id.data);
  return { ok: true, path: `/review/${token}`, expiresAt: expiresAt.toISOString() };
}

export async function revokeReviewLinksAction(registrationId: string): Promise<ReviewActionResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(id.data);
  const count = await revokeReviewLinks(await getDb(), id.data);
  return { ok: true, message: count === 1 ? 'One review link revoked.' : `${count} review links revoked.` };
}

/** Revokes one review link (by the id the summary lists), leaving the others working. */
export async function revokeReviewLinkAction(registrationId: string, linkId: string): Promise<ReviewActionResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const id = uuidSchema.safeParse(registrationId);
  const link = z.string().regex(/^[0-9a-f]{12}$/).safeParse(linkId);
  if (!id.success || !link.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(id.data);
  return (await revokeReviewLink(await getDb(), id.data, link.data))
    ? { ok: true, message: 'Review link revoked: it no longer opens the summary.' }
    : { ok: false, message: 'That link is already revoked or expired.' };
}

/** Which status may follow which: recorded by hand, in this order (or back to in progress). */
const NEXT_STATUS: Record<RegistrationStatus, RegistrationStatus[]> = {
  in_progress: ['in_review'],
  in_review: ['submitted', 'in_progress'],
  submitted: ['approved', 'in_progress'],
  approved: ['published'],
  published: [],
};

const statusSchema = z.object({
  registrationId: uuidSchema,
  status: z.enum(REGISTRATION_STATUSES),
  actor: z.string().trim().max(100).refine((text) => !containsNul(text), { error: NUL_MESSAGE }).optional(),
  note: z.string().trim().max(1_000).refine((text) => !containsNul(text), { error: NUL_MESSAGE }).default(''),
});

export async function setRegistrationStatus(input: unknown): Promise<ReviewActionResult> {
  if (await refusedAsReadOnly()) return READ_ONLY;
  const parsed = statusSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(parsed.data.registrationId);
  const { registrationId, status, note } = parsed.data;
  const db = await getDb();
  const view = await loadRegistrationView(db, registrationId);
  if (!view) return { ok: false, message: 'This registration does not exist (any more).' };
  if (!NEXT_STATUS[view.registration.status].includes(status)) {
    return { ok: false, message: `A registration ${view.registration.status.replace('_', ' ')} cannot become ${status.replace('_', ' ')}.` };
  }
  if (status === 'submitted' && !(view.ready && view.approved)) {
    return { ok: false, message: 'Step 10 opens when the checklist passes and the latest sign-off is a fresh approval.' };
  }
  const actor = await actorName(parsed.data.actor);
  await recordStatus(db, registrationId, status, actor?.name ?? '', note);
  return { ok: true, message: 'Status recorded.' };
}
