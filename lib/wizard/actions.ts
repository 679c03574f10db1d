'use server';

import * as z from 'zod';
import { getBanqupClient } from '@/lib/banqup';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { getConfig } from '@/lib/env';
import { authorize, actorOf, type User } from '@/lib/auth/current';
import { log } from '@/lib/log';
import { setRequestRegistration } from '@/lib/server/request-hook';
import * as repo from '@/lib/registration/repository';
import { listLedger, resolveUnknown } from '@/lib/wizard/ledger';
import { loadWizard, loadWizardStep, sendStep, stepUpdate, wizardStatus, type WizardStatus } from '@/lib/wizard/service';
import { AUTHORIZATION_HEADER_SECRET } from '@/lib/wizard/steps/9-version/schema';
import { settle } from '@/lib/wizard/settle';
import { sendEverything, type SendAllResult } from '@/lib/wizard/send-all';
import { stepSchema, type FormStep } from '@/lib/wizard/steps';
import { loadSchemaContext } from '@/lib/wizard/steps/schema-context';
import { argsSchema, flatten, persistDraftOf, sendOptionsSchema, type SaveResult, type SendResult } from './save-draft';

/**
 * The wizard's server actions. Each first checks who is asking (an editor: lib/auth), then
 * validates its arguments (they arrive from the network), and none returns a secret: the
 * Banqup token stays in lib/banqup, the callbacks' authorization header goes to
 * registration_secrets and never comes back.
 */

export type { ActionError, SaveResult, SendResult, StepUpdate } from './save-draft';

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
    const parsed = stepSchema(formStep, await loadSchemaContext(await getDb(), args.data.registrationId, formStep)).safeParse(values);
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

