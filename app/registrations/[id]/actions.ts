'use server';

import * as z from 'zod';
import { fieldErrorsOf } from '@/lib/zod-issues';
import { getBanqupClient, type BanqupError } from '@/lib/banqup';
import { mayHaveBeenProcessed } from '@/lib/banqup/http';
import { supportDraftResponseSchema, uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { getConfig } from '@/lib/env';
import { authorize, actorOf, type User } from '@/lib/auth/current';
import { log } from '@/lib/log';
import { setRequestRegistration } from '@/lib/server/request-hook';
import { NUL_MESSAGE, containsNul } from '@/lib/text';
import * as repo from '@/lib/registration/repository';
import { recordStatus } from '@/lib/registration/review';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/steps';
import { segmentsForSpaceTypes } from '@/lib/banqup/schemas';
import { claimStep, listLedger, recordOutcome, recordSending, resolveUnknown } from '@/lib/wizard/ledger';
import { AUTHORIZATION_HEADER_SECRET, loadWizard, loadWizardStep, outcomeOf, sendStep, stepUpdate, wizardStatus, type SendFailure, type WizardStatus } from '@/lib/wizard/service';
import { settle } from '@/lib/wizard/settle';
import { sendEverything, type SendAllResult } from '@/lib/wizard/send-all';
import { draftSchemaFor, draftStepSchema, isFormStep, savedSpaceTypes, stepSchemaFor, type FormStep } from '@/lib/wizard/step-schemas';

/**
 * The wizard's server actions. Each first checks who is asking (an editor: lib/auth), then
 * validates its arguments (they arrive from the network), and none returns a secret: the
 * Banqup token stays in lib/banqup, the callbacks' authorization header goes to
 * registration_secrets and never comes back.
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

const sendOptionsSchema = z.object({ confirm: z.string().max(64).optional() }).strict();

const argsSchema = z.object({
  registrationId: uuidSchema,
  step: z.number().int().refine(isFormStep, { error: 'Unknown step' }),
  baseRevision: z.number().int().min(0),
});

function flatten(error: z.core.$ZodError): Record<string, string[]> {
  return fieldErrorsOf(error.issues);
}

/** Splits step 9's write-only authorization header from its draft. */
function extractSecret(step: FormStep, draft: Record<string, unknown>): { draft: Record<string, unknown>; header: string | undefined } {
  if (step !== 9 || !('authorizationHeader' in draft)) return { draft, header: undefined };
  const { authorizationHeader, ...rest } = draft;
  const header = typeof authorizationHeader === 'string' && authorizationHeader !== '' ? authorizationHeader : undefined;
  return { draft: { ...rest, authorizationHeader: '' }, header };
}

async function persistDraft(registrationId: string, step: FormStep, values: unknown, baseRevision: number, actor: repo.Actor): Promise<SaveResult> {
  return (await persistDraftOf(registrationId, step, values, baseRevision, actor)).result;
}

/** persistDraft, with the registration as it read it (the autosave's step update needs it too). */
async function persistDraftOf(
  registrationId: string,
  step: FormStep,
  values: unknown,
  baseRevision: number,
  actor: repo.Actor,
): Promise<{ result: SaveResult; registration?: repo.RegistrationSummary; row?: repo.StepRow }> {
  const result = (value: SaveResult, registration?: repo.RegistrationSummary, row?: repo.StepRow) => ({ result: value, registration, row });
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
  if (header !== undefined) await repo.setSecret(db, registrationId, AUTHORIZATION_HEADER_SECRET, header);
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

/** Saves a step's draft (autosave and "Save draft"): no call to Banqup. */
export async function saveStepDraft(registrationId: string, step: number, values: unknown, baseRevision: number): Promise<SaveResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const args = argsSchema.safeParse({ registrationId, step, baseRevision });
  if (!args.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(args.data.registrationId);
  try {
    const { result: saved, registration, row } = await persistDraftOf(args.data.registrationId, args.data.step as FormStep, values, args.data.baseRevision, actorOf(who.user));
    // Steps 1 and 5 change other steps too (the applicationId unlocks 2–9; space types prune
    // step 6): the browser then reloads the whole step list. Any other save changes only its own.
    if (!saved.ok || !registration || !row || args.data.step === 1 || args.data.step === 5) return saved;
    const update = await stepUpdate(await getDb(), registration, row);
    return update ? { ...saved, update } : saved;
  } catch (error) {
    log.error('saving a draft failed', { registrationId, step, error: error instanceof Error ? error.message : 'unknown' });
    return { ok: false, message: 'The draft could not be saved. Your changes are still in the form; try again.' };
  }
}

/** What a step's schema needs of the other steps: only step 6 needs anything (step 5's space types). */
async function schemaContext(registrationId: string, step: FormStep) {
  return { spaceTypes: step === 6 ? savedSpaceTypes((await repo.getDraft(await getDb(), registrationId, 5))?.draft) : [] };
}

/**
 * "Send to Banqup": validates the step with the same schema and context as the form, saves it,
 * and makes its API calls. A send that does more than add what is new goes out only with
 * `confirm` equal to the digest of the plan the person was shown.
 */
export async function sendStepToBanqup(registrationId: string, step: number, values: unknown, baseRevision: number, options: unknown = {}): Promise<SendResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  return sendAs(who.user, registrationId, step, values, baseRevision, options);
}

async function sendAs(user: User, registrationId: string, step: number, values: unknown, baseRevision: number, options: unknown): Promise<SendResult> {
  const actor = actorOf(user);
  const args = argsSchema.safeParse({ registrationId, step, baseRevision });
  const sendOptions = sendOptionsSchema.safeParse(options ?? {});
  if (!args.success || args.data.step === 1 || !sendOptions.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(args.data.registrationId);
  const formStep = args.data.step as FormStep;
  try {
    const parsed = stepSchemaFor(formStep, await schemaContext(args.data.registrationId, formStep)).safeParse(values);
    if (!parsed.success) return { ok: false, message: 'Some fields need attention before sending.', fieldErrors: flatten(parsed.error) };
    const { result: saved, registration, row } = await persistDraftOf(args.data.registrationId, formStep, parsed.data, args.data.baseRevision, actor);
    if (!saved.ok) return saved;
    if (!registration || !row) return { ok: false, message: 'This registration does not exist (any more).' };
    const db = await getDb();
    // The registration and the step as the save read and wrote them: a send reads nothing else.
    const wizard = await loadWizardStep(db, registration, row, { ledger: false });
    const outcome = await sendStep(db, getBanqupClient(), wizard, formStep, { confirm: sendOptions.data.confirm, actor, concurrency: getConfig().banqup.concurrency });
    // What the step list shows now, in the same answer (a second request cost a round trip).
    const update = await stepUpdate(db, registration, outcome.row ?? row);
    if (outcome.ok) return { ok: true, revision: saved.revision, message: outcome.message, sent: outcome.sent, update };
    return {
      ok: false,
      revision: saved.revision,
      update,
      message: outcome.message,
      fieldErrors: outcome.fieldErrors,
      failed: outcome.failed,
      ...(outcome.confirm ? { confirm: outcome.confirm } : {}),
      ...(outcome.retryAt ? { retryAt: outcome.retryAt } : {}),
    };
  } catch (error) {
    log.error('sending a step failed', { registrationId, step, error: error instanceof Error ? error.message : 'unknown' });
    return { ok: false, message: 'Sending failed unexpectedly. Your changes are saved in the form; check what Banqup holds below before sending again.' };
  }
}

/**
 * "Send again anyway" for an item whose earlier send may have arrived: the person has read
 * what a duplicate would mean. Marks the unknown outcome(s) of that item as resent, then sends
 * the step as "Send to Banqup" does.
 */
export async function resendAnyway(registrationId: string, step: number, ledgerId: number, values: unknown, baseRevision: number, options: unknown = {}): Promise<SendResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const args = argsSchema.safeParse({ registrationId, step, baseRevision });
  const id = z.number().int().positive().safeParse(ledgerId);
  if (!args.success || !id.success || args.data.step === 1) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(args.data.registrationId);
  const db = await getDb();
  const archived = await repo.archivedRefusal(db, args.data.registrationId);
  if (archived) return { ok: false, archived: true, message: archived };
  const ledger = await listLedger(db, args.data.registrationId);
  const entry = ledger.find((item) => item.id === id.data && item.step === args.data.step && item.outcome === 'unknown' && item.resolution === null);
  if (!entry) return { ok: false, message: 'That item has no unknown outcome any more: reload to see what Banqup holds.' };
  for (const other of ledger.filter((item) => item.step === entry.step && item.itemKey === entry.itemKey && item.outcome === 'unknown' && item.resolution === null)) {
    await resolveUnknown(db, args.data.registrationId, other.id, 'resent');
  }
  return sendAs(who.user, args.data.registrationId, args.data.step, values, baseRevision, options);
}

export type { SendAllResult };

/**
 * "Send everything": every step that is ready, at once (lib/wizard/send-all.ts), with the
 * confirmations of all steps collected up front and confirmed by one digest.
 */
export async function sendEverythingToBanqup(registrationId: string, options: unknown = {}): Promise<SendAllResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message, steps: [] };
  const id = uuidSchema.safeParse(registrationId);
  const sendOptions = sendOptionsSchema.safeParse(options ?? {});
  if (!id.success || !sendOptions.success) return { ok: false, message: 'Invalid request.', steps: [] };
  setRequestRegistration(id.data);
  try {
    const archived = await repo.archivedRefusal(await getDb(), id.data);
    if (archived) return { ok: false, message: archived, steps: [] };
    return await sendEverything(await getDb(), getBanqupClient(), id.data, {
      confirm: sendOptions.data.confirm,
      actor: actorOf(who.user),
      concurrency: getConfig().banqup.concurrency,
    });
  } catch (error) {
    log.error('sending everything failed', { registrationId, error: error instanceof Error ? error.message : 'unknown' });
    return { ok: false, message: 'Sending failed unexpectedly. Check what Banqup holds on each step before sending again.', steps: [] };
  }
}

export type CheckResult = { ok: true; message: string; present: number; absent: number; undetermined: number } | { ok: false; message: string; unavailable?: boolean };

/** Statuses with which a read of the application says "no such read here". */
const NO_READ_STATUSES = new Set([403, 404, 405, 501]);

/**
 * "Check at Banqup": reads the application (where the environment offers it) and settles every
 * call of this registration whose outcome is unknown: found there, or not (then the next Send
 * sends it). Nothing is sent but the read.
 */
export async function checkAtBanqup(registrationId: string): Promise<CheckResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(id.data);
  try {
    const db = await getDb();
    const wizard = await loadWizard(db, id.data);
    // Settling what Banqup holds changes the ledger: not while archived.
    if (wizard?.registration.archivedAt) return { ok: false, message: repo.ARCHIVED_MESSAGE };
    const applicationId = wizard?.registration.applicationId;
    if (!wizard || !applicationId) return { ok: false, message: 'This registration has no applicationId yet.' };
    const open = wizard.ledger.filter((entry) => entry.step >= 2 && entry.outcome === 'unknown' && entry.resolution === null);
    if (open.length === 0) return { ok: true, message: 'Nothing to check: no call has an unknown outcome.', present: 0, absent: 0, undetermined: 0 };
    // A read of the application may carry the version's callback header: kept out of the journal.
    const callbackHeader = await repo.getSecret(db, id.data, AUTHORIZATION_HEADER_SECRET);
    const read = await getBanqupClient().getApplication(applicationId, {
      secrets: callbackHeader ? [callbackHeader] : [],
      registrationId: id.data,
      onAttempt: (attempt) => repo.recordApiCall(db, { ...attempt, registrationId: id.data, step: null, itemKey: 'check', actor: actorOf(who.user) }),
    });
    if (!read.ok) {
      const status = read.error.status;
      if (read.error.kind === 'http' && status !== null && NO_READ_STATUSES.has(status)) {
        return {
          ok: false,
          unavailable: true,
          message: `This Banqup environment offers no read of the application (HTTP ${status}), so the wizard cannot tell. Ask Banqup Support whether it arrived; send it again anyway only if it did not.`,
        };
      }
      return { ok: false, message: `Banqup could not be read: ${read.error.detail}` };
    }
    const { settled, undetermined } = settle(wizard.ledger, read.data);
    for (const item of settled) await resolveUnknown(db, id.data, item.ledgerId, item.resolution, item.remoteId);
    const present = settled.filter((item) => item.resolution === 'present').length;
    const absent = settled.length - present;
    const parts = [
      present ? `${present} found at Banqup (recorded as held)` : '',
      absent ? `${absent} not there (the next Send sends ${absent > 1 ? 'them' : 'it'})` : '',
      undetermined.length ? `${undetermined.length} could not be told from Banqup's answer: ask Banqup Support` : '',
    ].filter(Boolean);
    return { ok: true, message: `Checked at Banqup: ${parts.join('; ')}.`, present, absent, undetermined: undetermined.length };
  } catch (error) {
    log.error('checking at Banqup failed', { registrationId, error: error instanceof Error ? error.message : 'unknown' });
    return { ok: false, message: 'Checking at Banqup failed unexpectedly. Nothing was sent; try again.' };
  }
}

export type { WizardStatus };

/** The step list's data, refreshed by react-query after each save and send. */
export async function getWizardStatus(registrationId: string): Promise<WizardStatus | null> {
  const who = await authorize('viewer');
  if (!who.ok) return null;
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return null;
  setRequestRegistration(id.data);
  const db = await getDb();
  const wizard = await loadWizard(db, id.data);
  if (!wizard) return null;
  return wizardStatus(db, wizard);
}

/** Forgets the saved callbacks' authorization header (step 9). */
export async function clearAuthorizationHeader(registrationId: string): Promise<{ ok: boolean; message?: string }> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return { ok: false };
  setRequestRegistration(id.data);
  const db = await getDb();
  const archived = await repo.archivedRefusal(db, id.data);
  if (archived) return { ok: false, message: archived };
  await repo.setSecret(db, id.data, AUTHORIZATION_HEADER_SECRET, null);
  return { ok: true };
}

/**
 * "Change it anyway" on a registration that is with Banqup (submitted, approved or published):
 * the person has read that changing it moves it back to in progress. Nothing changes yet; the
 * first change that follows does (persistDraft).
 */
export async function acknowledgeChangeAfterSubmission(registrationId: string): Promise<{ ok: boolean; message: string }> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return { ok: false, message: 'Invalid request.' };
  const db = await getDb();
  const registration = await repo.getRegistration(db, id.data);
  if (!registration) return { ok: false, message: 'This registration does not exist (any more).' };
  if (registration.archivedAt) return { ok: false, message: repo.ARCHIVED_MESSAGE };
  if (!repo.SUBMITTED_STATUSES.has(registration.status)) return { ok: true, message: 'This registration is not with Banqup: change it freely.' };
  await repo.acknowledgeReopen(db, id.data, who.user.id);
  return { ok: true, message: 'You may change it now. The first change moves it back to in progress.' };
}

const draftOptionsSchema = z.object({ createAgain: z.boolean().optional() }).strict();
const DRAFT_ITEM = 'draft';

type DraftGuard = { ok: true; release: () => Promise<void>; ledgerId: number } | { ok: false; message: string; uncertain?: boolean; createdApplicationId?: string };

/**
 * The draft app is created once per registration: the creation is claimed (a second click, tab
 * or colleague is told to wait), written to the ledger before the call goes out, and refused
 * while an earlier attempt may have created it, unless the person chose to create it again.
 */
async function guardDraftCreation(registrationId: string, facts: { name: string; namespace: string; ownerEntityId?: string }, createAgain: boolean): Promise<DraftGuard> {
  const db = await getDb();
  const registration = await repo.getRegistration(db, registrationId);
  if (registration?.applicationId) {
    return {
      ok: false,
      createdApplicationId: registration.applicationId,
      message: `This registration already has its draft app, applicationId ${registration.applicationId}. A second one could not be removed through the API; clear the applicationId first only if it is wrong.`,
    };
  }
  const claim = await claimStep(db, registrationId, 1);
  if (!claim) return { ok: false, message: 'The draft app is being created from another tab or by a colleague. Wait a moment and reload.' };
  try {
    const drafts = (await listLedger(db, registrationId)).filter((entry) => entry.step === 1 && entry.itemKey === DRAFT_ITEM);
    const created = drafts.filter((entry) => entry.outcome === 'accepted' || entry.resolution === 'present').at(-1);
    if (created) {
      await claim.release();
      return {
        ok: false,
        createdApplicationId: created.remoteId ?? undefined,
        message: `This registration's draft app was already created${created.remoteId ? `: applicationId ${created.remoteId}` : ''}. A second one could not be removed through the API.`,
      };
    }
    const open = drafts.filter((entry) => entry.outcome === 'unknown' && entry.resolution === null);
    if (open.length && !createAgain) {
      await claim.release();
      return {
        ok: false,
        uncertain: true,
        message: `An earlier attempt may have created the draft app at Banqup (${open.at(-1)?.error ?? 'no answer'}). Ask Banqup Support whether a draft exists for the namespace ${facts.namespace}, and enter its applicationId below. Create it again only if it does not exist: a second draft cannot be removed through the API.`,
      };
    }
    for (const entry of open) await resolveUnknown(db, registrationId, entry.id, 'resent');
    const ledgerId = await recordSending(
      db,
      {
        registrationId,
        step: 1,
        itemKey: DRAFT_ITEM,
        label: `draft app ${facts.name} (${facts.namespace})`,
        fingerprint: `${facts.namespace}|${facts.name}|${facts.ownerEntityId ?? ''}`,
        match: { name: facts.name, namespace: facts.namespace },
      },
      claim.id,
    );
    if (ledgerId === undefined) {
      await claim.release();
      return { ok: false, message: 'The draft app is being created from another tab or by a colleague. Wait a moment and reload.' };
    }
    return { ok: true, release: () => claim.release(), ledgerId };
  } catch (error) {
    await claim.release();
    throw error;
  }
}

export type SandboxDraftResult =
  | { ok: true; applicationId: string; revision: number }
  | (ActionError & { revision?: number; uncertain?: boolean; createdApplicationId?: string });

/**
 * Sandbox mode only: stands in for Banqup Support, creating the draft app in the sandbox
 * (over HTTP, as any client would) and filling in the applicationId.
 */
export async function createDraftInSandbox(registrationId: string, values: unknown, baseRevision: number, options: unknown = {}): Promise<SandboxDraftResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const actor = actorOf(who.user);
  const config = getConfig();
  if (config.mode !== 'sandbox') return { ok: false, message: 'Only in sandbox mode: ask Banqup Support for the draft app.' };
  const args = argsSchema.safeParse({ registrationId, step: 1, baseRevision });
  const draftOptions = draftOptionsSchema.safeParse(options ?? {});
  const parsed = draftStepSchema.safeParse(values);
  if (!args.success || !draftOptions.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(args.data.registrationId);
  if (!parsed.success) return { ok: false, message: 'Fill in the app name, namespace and owner first.', fieldErrors: flatten(parsed.error) };
  const { name, namespace, identity, ownerEntityId, developerPortalAppId } = parsed.data;
  const body = { name, namespace, ...(identity === 'entity' ? { ownerEntityId } : { developerPortalAppId }) };
  const db = await getDb();
  // What was typed is saved first: whatever happens below, a reload shows it.
  const typed = await persistDraft(args.data.registrationId, 1, parsed.data, args.data.baseRevision, actor);
  if (!typed.ok) return typed;
  const guard = await guardDraftCreation(args.data.registrationId, { name, namespace, ownerEntityId }, draftOptions.data.createAgain === true);
  if (!guard.ok) return { ...guard, revision: typed.revision };
  try {
    return await createInSandbox(args.data.registrationId, typed.revision, guard.ledgerId);
  } finally {
    await guard.release();
  }

  async function createInSandbox(registrationId: string, revision: number, ledgerId: number): Promise<SandboxDraftResult> {
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(`${config.banqup.baseUrl}/support/drafts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.banqup.timeoutMs),
      });
    } catch (thrown) {
      // Only a connection never made proves nothing arrived; anything else may have created it.
      const refusedConnection = (thrown as { cause?: { code?: string } } | null)?.cause?.code === 'ECONNREFUSED';
      await recordOutcome(db, ledgerId, { outcome: refusedConnection ? 'refused' : 'unknown', error: refusedConnection ? 'The sandbox could not be reached.' : 'No answer from the sandbox.' });
      return {
        ok: false,
        revision,
        message: refusedConnection ? 'The sandbox could not be reached: nothing was sent.' : 'The sandbox did not answer: the draft may have been created all the same.',
      };
    }
    const json: unknown = await response.json().catch(() => null);
    await repo.recordApiCall(db, {
      registrationId,
      step: 1,
      itemKey: 'draft',
      method: 'POST',
      path: '/support/drafts',
      request: body,
      status: response.status,
      response: json,
      error: response.ok ? null : `HTTP ${response.status}`,
      requestId: response.headers.get('x-request-id'),
      durationMs: Math.round(performance.now() - started),
      attempt: 1,
      actor,
    });
    const draft = supportDraftResponseSchema.safeParse(json);
    const maybeDone = !response.ok && mayHaveBeenProcessed(response.status, response.headers.get('content-type'));
    await recordOutcome(db, ledgerId, {
      outcome: response.ok ? 'accepted' : maybeDone ? 'unknown' : 'refused',
      remoteId: draft.success ? draft.data.applicationId : null,
      response: json,
      error: response.ok ? null : `HTTP ${response.status}`,
    });
    if (response.ok && !draft.success) return { ok: false, revision, message: 'The sandbox created the draft, but its answer could not be read: ask for its applicationId.' };
    if (maybeDone) return { ok: false, revision, message: `The sandbox answered HTTP ${response.status}: the draft may have been created all the same.` };
    if (!response.ok || !draft.success) return { ok: false, revision, message: `The sandbox refused the draft (HTTP ${response.status}).` };
    const saved = await persistDraft(registrationId, 1, { ...parsed.data, applicationId: draft.data.applicationId }, revision, actor);
    if (!saved.ok) return saved;
    return { ok: true, applicationId: draft.data.applicationId, revision: saved.revision };
  }
}

export type ApiDraftResult =
  | { ok: true; applicationId: string; revision: number }
  | (ActionError & {
      /** The environment does not create drafts through the API: the Support route it is. */
      needsSupport?: boolean;
      status?: number | null;
      requestId?: string;
      /** Set when Banqup created the draft but it could not be saved here: the id must not be lost. */
      createdApplicationId?: string;
      /** An earlier attempt may have created the draft: creating again needs `createAgain`. */
      uncertain?: boolean;
      revision?: number;
    });

/** Statuses with which an environment says "not here": no such endpoint, method or permission. */
const NOT_OFFERED_STATUSES = new Set([403, 404, 405]);
/** Field names of POST /servicemngmt/v2/applications that are also fields of step 1's form. */
const DRAFT_FORM_FIELDS = new Set(['name', 'namespace', 'ownerEntityId']);

function apiDraftFailure(error: BanqupError, namespace: string): ApiDraftResult {
  const requestId = error.requestId;
  const heading = error.status ? `${error.status} ${error.title}` : error.title;
  if (error.kind === 'http' && error.status !== null && NOT_OFFERED_STATUSES.has(error.status)) {
    return {
      ok: false,
      needsSupport: true,
      status: error.status,
      requestId,
      message: `It does not create drafts through the API (${heading}: ${error.detail.replace(/\.+$/, '')}). Send the request to Banqup Support instead.`,
    };
  }
  if (error.maybeDelivered) {
    // NOTE: a POST that may have arrived is never sent again by the client: say so.
    return {
      ok: false,
      status: error.status,
      requestId,
      message: `${error.detail} The draft may have been created all the same: before trying again, ask Banqup Support whether a draft exists for the namespace ${namespace}.`,
    };
  }
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(error.fieldErrors)) if (DRAFT_FORM_FIELDS.has(field)) fieldErrors[field] = messages;
  const message = error.kind === 'auth' ? `No access to Banqup: ${error.detail}` : `Banqup did not create the draft: ${heading}: ${error.detail}`;
  return { ok: false, status: error.status, requestId, fieldErrors, message };
}

/**
 * Step 1 by API: creates the draft app with POST /servicemngmt/v2/applications (where the
 * Banqup environment allows it; in sandbox mode the sandbox's endpoint), journals each
 * attempt, and fills the answered id into step 1's draft as its applicationId.
 */
export async function createDraftViaApi(registrationId: string, values: unknown, baseRevision: number, options: unknown = {}): Promise<ApiDraftResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const actor = actorOf(who.user);
  const args = argsSchema.safeParse({ registrationId, step: 1, baseRevision });
  const draftOptions = draftOptionsSchema.safeParse(options ?? {});
  if (!args.success || !draftOptions.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(args.data.registrationId);
  const parsed = draftStepSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: 'Fill in the app name, namespace and ownerEntityId first.', fieldErrors: flatten(parsed.error) };
  const { name, namespace, identity, ownerEntityId } = parsed.data;
  const id = args.data.registrationId;
  try {
    const db = await getDb();
    if (!(await repo.getRegistration(db, id))) return { ok: false, message: 'This registration does not exist (any more).' };
    // What was typed is saved first: whatever happens below, a reload shows it.
    const typed = await persistDraft(id, 1, parsed.data, args.data.baseRevision, actor);
    if (!typed.ok) return typed;
    if (identity !== 'entity' || ownerEntityId === '') {
      return {
        ok: false,
        revision: typed.revision,
        needsSupport: true,
        message: 'The API creates a draft for an ownerEntityId (legal entity id). With only a Developer Portal app id, send the request to Banqup Support.',
      };
    }
    const guard = await guardDraftCreation(id, { name, namespace, ownerEntityId }, draftOptions.data.createAgain === true);
    if (!guard.ok) return { ...guard, revision: typed.revision };
    try {
      const result = await getBanqupClient().createApplication(
        { name, namespace, ownerEntityId, functionalType: 'APPLICATION', audienceType: 'PUBLIC' },
        { registrationId: id, step: 1, onAttempt: (attempt) => repo.recordApiCall(db, { ...attempt, registrationId: id, step: 1, itemKey: DRAFT_ITEM, actor }) },
      );
      const outcome = outcomeOf(result);
      await recordOutcome(db, guard.ledgerId, {
        outcome,
        remoteId: result.ok ? result.data.id : null,
        response: result.ok ? result.data : null,
        error: result.ok ? null : result.error.detail,
      });
      if (!result.ok) return { ...apiDraftFailure(result.error, namespace), revision: typed.revision };
      const applicationId = result.data.id;
      const saved = await persistDraft(id, 1, { ...parsed.data, applicationId }, typed.revision, actor);
      if (!saved.ok) {
        return { ...saved, createdApplicationId: applicationId, message: `Banqup created the draft app, applicationId ${applicationId}, but it could not be saved here: ${saved.message} Keep this id.` };
      }
      return { ok: true, applicationId, revision: saved.revision };
    } finally {
      await guard.release();
    }
  } catch (error) {
    log.error('creating the draft through the API failed', { registrationId: id, error: error instanceof Error ? error.message : 'unknown' });
    return { ok: false, message: 'Creating the draft failed unexpectedly. What you typed is saved; before trying again, ask Banqup Support whether a draft exists.' };
  }
}
