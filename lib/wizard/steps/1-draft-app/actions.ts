'use server';

import * as z from 'zod';
import { getBanqupClient, type BanqupError } from '@/lib/banqup';
import { mayHaveBeenProcessed } from '@/lib/banqup/http';
import { supportDraftResponseSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { getConfig } from '@/lib/env';
import { authorize, actorOf } from '@/lib/auth/current';
import { log } from '@/lib/log';
import { setRequestRegistration } from '@/lib/server/request-hook';
import * as repo from '@/lib/registration/repository';
import { claimStep, listLedger, recordOutcome, recordSending, resolveUnknown } from '@/lib/wizard/ledger';
import { outcomeOf } from '@/lib/wizard/service';
import { EMPTY_SCHEMA_CONTEXT, STEP_REGISTRY } from '@/lib/wizard/steps';
import { argsSchema, flatten, persistDraft, type ActionError } from '@/lib/wizard/save-draft';

/**
 * Step 1's actions: create the draft app in the sandbox (standing in for Banqup Support) or
 * through the API, once per registration. Each checks who asks first, as every action does.
 */

const draftAppOptionsSchema = z.object({ createAgain: z.boolean().optional() }).strict();
const DRAFT_ITEM = 'draft';

type DraftAppGuard = { ok: true; release: () => Promise<void>; ledgerId: number } | { ok: false; message: string; uncertain?: boolean; createdApplicationId?: string };

/**
 * The draft app is created once per registration: the creation is claimed (a second click, tab
 * or colleague is told to wait), written to the ledger before the call goes out, and refused
 * while an earlier attempt may have created it, unless the person chose to create it again.
 */
async function guardDraftAppCreation(registrationId: string, facts: { name: string; namespace: string; ownerEntityId?: string }, createAgain: boolean): Promise<DraftAppGuard> {
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

export type SandboxDraftAppResult =
  | { ok: true; applicationId: string; revision: number }
  | (ActionError & { revision?: number; uncertain?: boolean; createdApplicationId?: string });

/**
 * Sandbox mode only: stands in for Banqup Support, creating the draft app in the sandbox
 * (over HTTP, as any client would) and filling in the applicationId.
 */
export async function createDraftAppInSandbox(registrationId: string, values: unknown, baseRevision: number, options: unknown = {}): Promise<SandboxDraftAppResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const actor = actorOf(who.user);
  const config = getConfig();
  if (config.mode !== 'sandbox') return { ok: false, message: 'Only in sandbox mode: ask Banqup Support for the draft app.' };
  const args = argsSchema.safeParse({ registrationId, step: 1, baseRevision });
  const draftOptions = draftAppOptionsSchema.safeParse(options ?? {});
  const parsed = STEP_REGISTRY[1].schema(EMPTY_SCHEMA_CONTEXT).safeParse(values);
  if (!args.success || !draftOptions.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(args.data.registrationId);
  if (!parsed.success) return { ok: false, message: 'Fill in the app name, namespace and owner first.', fieldErrors: flatten(parsed.error) };
  const { name, namespace, identity, ownerEntityId, developerPortalAppId } = parsed.data;
  const body = { name, namespace, ...(identity === 'entity' ? { ownerEntityId } : { developerPortalAppId }) };
  const db = await getDb();
  // What was typed is saved first: whatever happens below, a reload shows it.
  const typed = await persistDraft(args.data.registrationId, 1, parsed.data, args.data.baseRevision, actor);
  if (!typed.ok) return typed;
  const guard = await guardDraftAppCreation(args.data.registrationId, { name, namespace, ownerEntityId }, draftOptions.data.createAgain === true);
  if (!guard.ok) return { ...guard, revision: typed.revision };
  try {
    return await createInSandbox(args.data.registrationId, typed.revision, guard.ledgerId);
  } finally {
    await guard.release();
  }

  async function createInSandbox(registrationId: string, revision: number, ledgerId: number): Promise<SandboxDraftAppResult> {
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

export type ApiDraftAppResult =
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

function apiDraftAppFailure(error: BanqupError, namespace: string): ApiDraftAppResult {
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
export async function createDraftAppViaApi(registrationId: string, values: unknown, baseRevision: number, options: unknown = {}): Promise<ApiDraftAppResult> {
  const who = await authorize('editor');
  if (!who.ok) return { ok: false, message: who.message };
  const actor = actorOf(who.user);
  const args = argsSchema.safeParse({ registrationId, step: 1, baseRevision });
  const draftOptions = draftAppOptionsSchema.safeParse(options ?? {});
  if (!args.success || !draftOptions.success) return { ok: false, message: 'Invalid request.' };
  setRequestRegistration(args.data.registrationId);
  const parsed = STEP_REGISTRY[1].schema(EMPTY_SCHEMA_CONTEXT).safeParse(values);
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
    const guard = await guardDraftAppCreation(id, { name, namespace, ownerEntityId }, draftOptions.data.createAgain === true);
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
      if (!result.ok) return { ...apiDraftAppFailure(result.error, namespace), revision: typed.revision };
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

