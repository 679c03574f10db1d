'use server';

import * as z from 'zod';
import { getBanqupClient, type BanqupError } from '@/lib/banqup';
import { supportDraftResponseSchema, uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { getConfig } from '@/lib/env';
import { log } from '@/lib/log';
import * as repo from '@/lib/registration/repository';
import { AUTHORIZATION_HEADER_SECRET, loadWizard, sendStep, stepStatuses } from '@/lib/wizard/service';
import type { StepStatus } from '@/lib/wizard/status';
import { STEP_FORMS, draftSchemaFor, draftStepSchema, isFormStep, type FormStep } from '@/lib/wizard/step-schemas';

/**
 * The wizard's server actions. Each validates its arguments (they arrive from the network),
 * and none returns a secret: the Banqup token stays in lib/banqup, the callbacks'
 * authorization header goes to registration_secrets and never comes back.
 */

export type ActionError = { ok: false; message: string; fieldErrors?: Record<string, string[]>; conflict?: { revision: number } };
export type SaveResult = { ok: true; revision: number; savedAt: string } | ActionError;
export type SendResult =
  | { ok: true; revision: number; message: string; sent: number }
  | (ActionError & { revision?: number; failed?: { key: string; label: string; message: string; requestId?: string }[] });

const argsSchema = z.object({
  registrationId: uuidSchema,
  step: z.number().int().refine(isFormStep, { error: 'Unknown step' }),
  baseRevision: z.number().int().min(0),
});

function flatten(error: z.core.$ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join('.') || 'root'] ??= []).push(issue.message);
  return fieldErrors;
}

/** Splits step 9's write-only authorization header from its draft. */
function extractSecret(step: FormStep, draft: Record<string, unknown>): { draft: Record<string, unknown>; header: string | undefined } {
  if (step !== 9 || !('authorizationHeader' in draft)) return { draft, header: undefined };
  const { authorizationHeader, ...rest } = draft;
  const header = typeof authorizationHeader === 'string' && authorizationHeader !== '' ? authorizationHeader : undefined;
  return { draft: { ...rest, authorizationHeader: '' }, header };
}

async function persistDraft(registrationId: string, step: FormStep, values: unknown, baseRevision: number): Promise<SaveResult> {
  const parsedDraft = draftSchemaFor(step).safeParse(values);
  if (!parsedDraft.success) return { ok: false, message: parsedDraft.error.issues[0]?.message ?? 'The draft is not valid' };
  const db = await getDb();
  const registration = await repo.getRegistration(db, registrationId);
  if (!registration) return { ok: false, message: 'This registration does not exist (any more).' };

  const { draft, header } = extractSecret(step, parsedDraft.data);
  const saved = await repo.saveDraft(db, registrationId, step, draft, baseRevision);
  if (!saved.ok) {
    return { ok: false, message: 'This step was saved elsewhere (another tab or a colleague) since you opened it.', conflict: { revision: saved.revision } };
  }
  if (header !== undefined) await repo.setSecret(db, registrationId, AUTHORIZATION_HEADER_SECRET, header);
  if (step === 1) {
    // The registration carries step 1's facts as far as they are valid: the list shows the
    // name, and a valid applicationId unlocks steps 2–9.
    const name = typeof draft.name === 'string' ? draft.name.trim().slice(0, 100) : '';
    const namespace = typeof draft.namespace === 'string' ? draft.namespace.trim().slice(0, 64) : '';
    const applicationId = uuidSchema.safeParse(draft.applicationId);
    await repo.updateIdentity(db, registrationId, { name, namespace, applicationId: applicationId.success ? applicationId.data : null });
  }
  return { ok: true, revision: saved.revision, savedAt: new Date().toISOString() };
}

/** Saves a step's draft (autosave and "Save draft"): no call to Banqup. */
export async function saveStepDraft(registrationId: string, step: number, values: unknown, baseRevision: number): Promise<SaveResult> {
  const args = argsSchema.safeParse({ registrationId, step, baseRevision });
  if (!args.success) return { ok: false, message: 'Invalid request.' };
  try {
    return await persistDraft(args.data.registrationId, args.data.step as FormStep, values, args.data.baseRevision);
  } catch (error) {
    log.error('saving a draft failed', { registrationId, step, error: error instanceof Error ? error.message : 'unknown' });
    return { ok: false, message: 'The draft could not be saved. Your changes are still in the form; try again.' };
  }
}

/** "Send to Banqup": validates the step, saves it, and makes its API calls. */
export async function sendStepToBanqup(registrationId: string, step: number, values: unknown, baseRevision: number): Promise<SendResult> {
  const args = argsSchema.safeParse({ registrationId, step, baseRevision });
  if (!args.success || args.data.step === 1) return { ok: false, message: 'Invalid request.' };
  const formStep = args.data.step as FormStep;
  const parsed = STEP_FORMS[formStep].schema.safeParse(values);
  if (!parsed.success) return { ok: false, message: 'Some fields need attention before sending.', fieldErrors: flatten(parsed.error) };

  try {
    const saved = await persistDraft(args.data.registrationId, formStep, parsed.data, args.data.baseRevision);
    if (!saved.ok) return saved;
    const db = await getDb();
    const wizard = await loadWizard(db, args.data.registrationId);
    if (!wizard) return { ok: false, message: 'This registration does not exist (any more).' };
    const outcome = await sendStep(db, getBanqupClient(), wizard, formStep);
    if (outcome.ok) return { ok: true, revision: saved.revision, message: outcome.message, sent: outcome.sent };
    return { ok: false, revision: saved.revision, message: outcome.message, fieldErrors: outcome.fieldErrors, failed: outcome.failed };
  } catch (error) {
    log.error('sending a step failed', { registrationId, step, error: error instanceof Error ? error.message : 'unknown' });
    return { ok: false, message: 'Sending failed unexpectedly. Your changes are saved in the form; try again.' };
  }
}

export type WizardStatus = { statuses: StepStatus[]; applicationId: string | null; name: string };

/** The step list's data, refreshed by react-query after each save and send. */
export async function getWizardStatus(registrationId: string): Promise<WizardStatus | null> {
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return null;
  const db = await getDb();
  const wizard = await loadWizard(db, id.data);
  if (!wizard) return null;
  return { statuses: await stepStatuses(db, wizard), applicationId: wizard.registration.applicationId, name: wizard.registration.name };
}

/** Forgets the saved callbacks' authorization header (step 9). */
export async function clearAuthorizationHeader(registrationId: string): Promise<{ ok: boolean }> {
  const id = uuidSchema.safeParse(registrationId);
  if (!id.success) return { ok: false };
  await repo.setSecret(await getDb(), id.data, AUTHORIZATION_HEADER_SECRET, null);
  return { ok: true };
}

export type SandboxDraftResult = { ok: true; applicationId: string; revision: number } | ActionError;

/**
 * Sandbox mode only: stands in for Banqup Support, creating the draft app in the sandbox
 * (over HTTP, as any client would) and filling in the applicationId.
 */
export async function createDraftInSandbox(registrationId: string, values: unknown, baseRevision: number): Promise<SandboxDraftResult> {
  const config = getConfig();
  if (config.mode !== 'sandbox') return { ok: false, message: 'Only in sandbox mode: ask Banqup Support for the draft app.' };
  const args = argsSchema.safeParse({ registrationId, step: 1, baseRevision });
  const parsed = draftStepSchema.safeParse(values);
  if (!args.success) return { ok: false, message: 'Invalid request.' };
  if (!parsed.success) return { ok: false, message: 'Fill in the app name, namespace and owner first.', fieldErrors: flatten(parsed.error) };
  const { name, namespace, identity, ownerEntityId, developerPortalAppId } = parsed.data;
  const body = { name, namespace, ...(identity === 'entity' ? { ownerEntityId } : { developerPortalAppId }) };
  const db = await getDb();
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${config.banqup.baseUrl}/support/drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config.banqup.timeoutMs),
    });
  } catch {
    return { ok: false, message: 'The sandbox could not be reached.' };
  }
  const json: unknown = await response.json().catch(() => null);
  await repo.recordApiCall(db, {
    registrationId: args.data.registrationId,
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
  });
  const draft = supportDraftResponseSchema.safeParse(json);
  if (!response.ok || !draft.success) return { ok: false, message: `The sandbox refused the draft (HTTP ${response.status}).` };
  const saved = await persistDraft(args.data.registrationId, 1, { ...parsed.data, applicationId: draft.data.applicationId }, args.data.baseRevision);
  if (!saved.ok) return saved;
  return { ok: true, applicationId: draft.data.applicationId, revision: saved.revision };
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
  if (error.kind === 'timeout' || (error.kind === 'network' && error.status !== null)) {
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
export async function createDraftViaApi(registrationId: string, values: unknown, baseRevision: number): Promise<ApiDraftResult> {
  const args = argsSchema.safeParse({ registrationId, step: 1, baseRevision });
  if (!args.success) return { ok: false, message: 'Invalid request.' };
  const parsed = draftStepSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: 'Fill in the app name, namespace and ownerEntityId first.', fieldErrors: flatten(parsed.error) };
  const { name, namespace, identity, ownerEntityId } = parsed.data;
  if (identity !== 'entity' || ownerEntityId === '') {
    return {
      ok: false,
      needsSupport: true,
      message: 'The API creates a draft for an ownerEntityId (legal entity id). With only a Developer Portal app id, send the request to Banqup Support.',
    };
  }
  const id = args.data.registrationId;
  try {
    const db = await getDb();
    if (!(await repo.getRegistration(db, id))) return { ok: false, message: 'This registration does not exist (any more).' };
    const result = await getBanqupClient().createApplication(
      { name, namespace, ownerEntityId, functionalType: 'APPLICATION', audienceType: 'PUBLIC' },
      { onAttempt: (attempt) => repo.recordApiCall(db, { ...attempt, registrationId: id, step: 1, itemKey: 'draft' }) },
    );
    if (!result.ok) return apiDraftFailure(result.error, namespace);
    const applicationId = result.data.id;
    const saved = await persistDraft(id, 1, { ...parsed.data, applicationId }, args.data.baseRevision);
    if (!saved.ok) {
      return { ...saved, createdApplicationId: applicationId, message: `Banqup created the draft app, applicationId ${applicationId}, but it could not be saved here: ${saved.message} Keep this id.` };
    }
    return { ok: true, applicationId, revision: saved.revision };
  } catch (error) {
    log.error('creating the draft through the API failed', { registrationId: id, error: error instanceof Error ? error.message : 'unknown' });
    return { ok: false, message: 'Creating the draft failed unexpectedly. Nothing typed is lost; try again, or send the request to Banqup Support.' };
  }
}
