import 'server-only';
import * as z from 'zod';
import { fieldErrorsOf } from '@/lib/zod-issues';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { NUL_MESSAGE, containsNul } from '@/lib/text';
import * as repo from '@/lib/registration/repository';
import { recordStatus } from '@/lib/registration/review';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/statuses';
import { segmentsForSpaceTypes } from '@/lib/banqup/schemas';
import { stepUpdate, type SendFailure } from '@/lib/wizard/service';
import { STEP_REGISTRY, draftSchemaFor, isFormStep, type FormStep } from '@/lib/wizard/steps';
import { savedSpaceTypes } from '@/lib/wizard/steps/5-space-types/schema';

/**
 * Saving a step's form (the wizard's actions and step 1's share it): the draft's shape is
 * checked, a registration with Banqup changes only after acknowledging, step 9's
 * authorization header goes to registration_secrets, step 1's facts go to the registration
 * and step 5's space types prune step 6.
 */

export type ActionError = {
  ok: false;
  message: string;
  fieldErrors?: Record<string, string[]>;
  conflict?: { revision: number };
  /** The registration is with Banqup: changing it needs acknowledging first (acknowledgeChangeAfterSubmission). */
  submitted?: boolean;
  /** The registration is archived: read-only until restored. */
  archived?: boolean;
};
export type SaveResult =
  | {
      ok: true;
      revision: number;
      savedAt: string;
      notice?: string;
      /** The saved step's new status and At Banqup view, for the step list (an autosave's answer). */
      update?: StepUpdate;
    }
  | ActionError;
export type StepUpdate = NonNullable<Awaited<ReturnType<typeof stepUpdate>>>;
export type SendResult =
  | { ok: true; revision: number; message: string; sent: number; update?: StepUpdate }
  | (ActionError & {
      revision?: number;
      /**
       * The step's status and At Banqup view after the send (a send changes no other step's):
       * the browser shows them without asking again.
       */
      update?: StepUpdate;
      failed?: SendFailure[];
      /** Nothing was sent: the send does more than add what is new, and needs this confirmation. */
      confirm?: { digest: string; consequences: string[] };
      /** Banqup asked to wait until then (ISO time). */
      retryAt?: string;
    });

export const sendOptionsSchema = z.object({ confirm: z.string().max(64).optional() }).strict();

export const argsSchema = z.object({
  registrationId: uuidSchema,
  step: z.number().int().refine(isFormStep, { error: 'Unknown step' }),
  baseRevision: z.number().int().min(0),
});

export function flatten(error: z.core.$ZodError): Record<string, string[]> {
  return fieldErrorsOf(error.issues);
}

/** Splits a step's write-only field (step 9's authorization header: STEP_REGISTRY's `secret`) from its draft. */
function extractSecret(step: FormStep, draft: Record<string, unknown>): { draft: Record<string, unknown>; header: string | undefined } {
  const secret = STEP_REGISTRY[step].secret;
  if (!secret || !(secret.field in draft)) return { draft, header: undefined };
  const { [secret.field]: value, ...rest } = draft;
  const header = typeof value === 'string' && value !== '' ? value : undefined;
  return { draft: { ...rest, [secret.field]: '' }, header };
}

export async function persistDraft(registrationId: string, step: FormStep, values: unknown, baseRevision: number, actor: repo.Actor): Promise<SaveResult> {
  return (await persistDraftOf(registrationId, step, values, baseRevision, actor)).result;
}

/** persistDraft, with the registration as it read it (the autosave's step update needs it too). */
export async function persistDraftOf(
  registrationId: string,
  step: FormStep,
  values: unknown,
  baseRevision: number,
  actor: repo.Actor,
): Promise<{ result: SaveResult; registration?: repo.RegistrationRecord; row?: repo.StepRow }> {
  const result = (value: SaveResult, registration?: repo.RegistrationRecord, row?: repo.StepRow) => ({ result: value, registration, row });
  const parsedDraft = draftSchemaFor(step).safeParse(values);
  if (!parsedDraft.success) return result({ ok: false, message: parsedDraft.error.issues[0]?.message ?? 'The draft is not valid' });
  if (containsNul(parsedDraft.data)) return result({ ok: false, message: NUL_MESSAGE });
  const db = await getDb();
  const registration = await repo.getRegistration(db, registrationId);
  if (!registration) return result({ ok: false, message: 'This registration does not exist (any more).' });
  // An archived registration is read-only until it is restored: nothing is saved or sent.
  if (registration.archivedAt) return result({ ok: false, archived: true, message: repo.ARCHIVED_MESSAGE });

  const { draft, header } = extractSecret(step, parsedDraft.data);
  // A registration with Banqup (submitted, approved, published) changes only once someone has
  // acknowledged that the change sends it back to in progress: never by an autosave alone.
  const withBanqup = repo.SUBMITTED_STATUSES.has(registration.status);
  if (withBanqup && registration.reopenAcknowledgedBy === null) {
    const before = await repo.getDraft(db, registrationId, step);
    if (header !== undefined || repo.canonicalJson(before?.draft ?? null) !== repo.canonicalJson(draft)) {
      return result({
        ok: false,
        submitted: true,
        message: `This registration is ${REGISTRATION_STATUS_LABELS[registration.status].toLowerCase()}: nothing was saved. Choose “Change it anyway” first; the change moves it back to in progress.`,
      });
    }
  }
  const saved = await repo.saveDraft(db, registrationId, step, draft, baseRevision, actor);
  if (!saved.ok) {
    return result({ ok: false, message: 'This step was saved elsewhere (another tab or a colleague) since you opened it.', conflict: { revision: saved.revision } });
  }
  const secret = STEP_REGISTRY[step].secret;
  if (secret && header !== undefined) await repo.setSecret(db, registrationId, secret.name, header);
  if (withBanqup && (saved.changed || header !== undefined)) {
    await recordStatus(
      db,
      registrationId,
      'in_progress',
      actor,
      `Step ${step} changed after the registration was ${REGISTRATION_STATUS_LABELS[registration.status].toLowerCase()}: back to in progress, to be approved again.`,
    );
  }
  let notice: string | undefined;
  if (step === 1) {
    // The registration carries step 1's facts as far as they are valid: the list shows the
    // name, and a valid applicationId unlocks steps 2–9.
    const name = typeof draft.name === 'string' ? draft.name.trim().slice(0, 100) : '';
    const namespace = typeof draft.namespace === 'string' ? draft.namespace.trim().slice(0, 255) : '';
    const applicationId = uuidSchema.safeParse(draft.applicationId);
    await repo.updateIdentity(db, registrationId, { name, namespace, applicationId: applicationId.success ? applicationId.data : null });
  }
  if (step === 5) notice = await dropSegmentsOutside(registrationId, savedSpaceTypes(draft), actor);
  return result({ ok: true, revision: saved.revision, savedAt: new Date().toISOString(), ...(notice ? { notice } : {}) }, registration, saved.row);
}

/**
 * Step 5 decides which segments step 6 may hold: unticking a space type removes its segments
 * from step 6's saved draft, and says so (they would otherwise stay, hidden, in the data).
 */
async function dropSegmentsOutside(registrationId: string, spaceTypes: Parameters<typeof segmentsForSpaceTypes>[0], actor: repo.Actor): Promise<string | undefined> {
  const db = await getDb();
  const saved = await repo.getDraft(db, registrationId, 6);
  const draft = saved?.draft as { spaceSegments?: unknown } | null | undefined;
  if (!draft || !Array.isArray(draft.spaceSegments)) return undefined;
  const allowed: readonly unknown[] = segmentsForSpaceTypes(spaceTypes);
  const removed = draft.spaceSegments.filter((segment) => !allowed.includes(segment));
  if (removed.length === 0 || !saved) return undefined;
  // Conditional on the revision read: a step 6 save that lands meanwhile is not overwritten
  // (the server still refuses to send segments outside the space types).
  const written = await repo.saveDraft(db, registrationId, 6, { ...draft, spaceSegments: draft.spaceSegments.filter((segment) => allowed.includes(segment)) }, saved.revision, actor);
  if (!written.ok) return undefined;
  return `Step 6 no longer lists ${removed.join(', ')}: ${removed.length > 1 ? 'they belong' : 'it belongs'} to a space type you no longer chose.`;
}

