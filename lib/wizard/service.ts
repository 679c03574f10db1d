import 'server-only';
import type { BanqupClient } from '@/lib/banqup';
import type { BanqupError } from '@/lib/banqup/errors';
import type { Queryable } from '@/lib/db/db';
import * as repo from '@/lib/registration/repository';
import { planStep, type PlanContext, type PlannedItem } from './plan';
import { compareSemver } from './semver';
import type { StepStatus } from './status';
import { versionStepSchema } from './step-schemas';

export const AUTHORIZATION_HEADER_SECRET = 'appCallbacks.authorizationHeader';
/** Calls of one multi-call step in flight at once. */
export const SEND_CONCURRENCY = 3;

export type Wizard = {
  registration: repo.RegistrationSummary;
  rows: Map<number, repo.StepRow>;
  assets: Map<string, repo.AssetMeta>;
};

export async function loadWizard(db: Queryable, registrationId: string): Promise<Wizard | undefined> {
  const registration = await repo.getRegistration(db, registrationId);
  if (!registration) return undefined;
  const [rows, assets] = await Promise.all([repo.getStepRows(db, registrationId), repo.listAssets(db, registrationId)]);
  return { registration, rows, assets: new Map(assets.map((asset) => [asset.id, asset])) };
}

function planContext(db: Queryable, wizard: Wizard, authorizationHeader: string | undefined): PlanContext {
  return {
    assets: wizard.assets,
    loadAsset: async (id) => (await repo.getAssetBytes(db, id))?.bytes,
    authorizationHeader,
  };
}

export async function planFor(db: Queryable, wizard: Wizard, step: number): Promise<PlannedItem[] | undefined> {
  const row = wizard.rows.get(step);
  if (!row?.draft) return undefined;
  const header = step === 9 ? await repo.getSecret(db, wizard.registration.id, AUTHORIZATION_HEADER_SECRET) : undefined;
  return planStep(step, row.draft, planContext(db, wizard, header));
}

/** The highest version sent for this registration (step 9), if any. */
export function lastSentVersion(wizard: Wizard): string | undefined {
  const versions = Object.keys(wizard.rows.get(9)?.sentItems ?? {})
    .filter((key) => key.startsWith('version:'))
    .map((key) => key.slice('version:'.length));
  return versions.sort(compareSemver).at(-1);
}

export async function stepStatuses(db: Queryable, wizard: Wizard): Promise<StepStatus[]> {
  const statuses: StepStatus[] = [];
  const locked = !wizard.registration.applicationId;
  for (let step = 1; step <= 9; step++) {
    const row = wizard.rows.get(step);
    const base = { step, savedAt: row?.draftSavedAt?.toISOString(), sentAt: row?.sentAt?.toISOString(), sentCount: 0, pendingCount: 0 };
    if (step === 1) {
      statuses.push({ ...base, state: wizard.registration.applicationId ? 'sent' : row?.draft ? 'draft' : 'not_started' });
      continue;
    }
    if (locked) {
      statuses.push({ ...base, state: 'locked', message: 'Enter the applicationId in step 1 first.' });
      continue;
    }
    if (!row?.draft) {
      statuses.push({ ...base, state: 'not_started' });
      continue;
    }
    const items = await planFor(db, wizard, step);
    const sentKeys = Object.keys(row.sentItems);
    const sentCount = items?.filter((item) => row.sentItems[item.key]?.hash === item.fingerprint).length ?? 0;
    const pendingCount = items ? items.length - sentCount : 0;
    const counts = { sentCount, pendingCount };
    if (row.lastError) {
      statuses.push({ ...base, ...counts, state: 'failed', message: row.lastError.message });
    } else if (sentKeys.length === 0) {
      statuses.push({ ...base, ...counts, state: 'draft' });
    } else if (items && pendingCount === 0) {
      statuses.push({ ...base, ...counts, state: 'sent' });
    } else {
      statuses.push({ ...base, ...counts, state: 'changed', message: items ? `${pendingCount} change(s) not sent yet.` : 'The draft has changed and is not complete.' });
    }
  }
  return statuses;
}

export type SendOutcome =
  | { ok: true; sent: number; unchanged: number; message: string }
  | {
      ok: false;
      message: string;
      /** Form field path → messages, from the API's field errors. */
      fieldErrors: Record<string, string[]>;
      failed: { key: string; label: string; message: string; requestId?: string }[];
      sent: number;
    };

async function mapWithLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

const describe = (error: BanqupError) => `${error.status ? `${error.status} ${error.title}: ` : ''}${error.detail}`;

/**
 * Sends the saved draft of a step: only the items that were never sent, changed, or failed
 * last time, several at once (bounded), each call journaled. Records what was sent.
 */
export async function sendStep(db: Queryable, client: BanqupClient, wizard: Wizard, step: number): Promise<SendOutcome> {
  const registrationId = wizard.registration.id;
  const applicationId = wizard.registration.applicationId;
  const fail = (message: string, fieldErrors: Record<string, string[]> = {}): SendOutcome => ({ ok: false, message, fieldErrors, failed: [], sent: 0 });
  if (!applicationId) return fail('Enter the applicationId in step 1 first.');
  const row = wizard.rows.get(step);
  const items = await planFor(db, wizard, step);
  if (!row || !items) return fail('This step is not complete: fix the fields marked in red, then send again.');

  const pending = items.filter((item) => row.sentItems[item.key]?.hash !== item.fingerprint);
  if (pending.length === 0) return { ok: true, sent: 0, unchanged: items.length, message: 'Nothing changed since the last send.' };

  if (step === 9) {
    const values = versionStepSchema.parse(row.draft);
    const previous = lastSentVersion(wizard);
    if (previous && compareSemver(values.version, previous) <= 0) {
      return fail(`Version ${previous} was already sent: give this one a higher version.`, {
        version: [`Must be greater than ${previous}, the last version sent`],
      });
    }
  }

  if (!(await repo.claimSend(db, registrationId, step))) return fail('This step is being sent from another tab or by a colleague. Wait a moment and reload.');
  try {
    const sentItems = { ...row.sentItems };
    const results = await mapWithLimit(pending, SEND_CONCURRENCY, async (item) => {
      const result = await item.send(client, applicationId, {
        onAttempt: (attempt) => repo.recordApiCall(db, { ...attempt, registrationId, step, itemKey: item.key }),
      });
      if (result.ok) sentItems[item.key] = { hash: item.fingerprint, sentAt: new Date().toISOString(), response: result.data };
      return { item, result };
    });
    const failures = results.flatMap(({ item, result }) => (result.ok ? [] : [{ item, error: result.error }]));
    const sent = results.length - failures.length;
    const fieldErrors: Record<string, string[]> = {};
    for (const { item, error } of failures) {
      for (const [field, messages] of Object.entries(error.fieldErrors)) (fieldErrors[item.formField(field)] ??= []).push(...messages);
    }
    const failed = failures.map(({ item, error }) => ({ key: item.key, label: item.label, message: describe(error), requestId: error.requestId }));
    const message =
      failures.length === 0
        ? `Sent ${sent} of ${pending.length} call(s) to Banqup.`
        : failures.length === 1 && pending.length === 1
          ? `Banqup did not accept it: ${failed[0]?.message}`
          : `${failures.length} of ${pending.length} call(s) failed; ${sent} succeeded. Sending again resends only the failed ones.`;
    await repo.finishSend(db, registrationId, step, {
      sentItems,
      anySent: sent > 0,
      failure: failures.length ? { message, items: Object.fromEntries(failed.map((f) => [f.key, { label: f.label, message: f.message, requestId: f.requestId }])) } : null,
    });
    return failures.length === 0 ? { ok: true, sent, unchanged: items.length - pending.length, message } : { ok: false, message, fieldErrors, failed, sent };
  } catch (error) {
    await repo.releaseSend(db, registrationId, step);
    throw error;
  }
}
