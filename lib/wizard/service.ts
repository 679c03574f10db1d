import 'server-only';
import type { BanqupClient, BanqupResult } from '@/lib/banqup';
import { adviceFor } from '@/lib/banqup/advice';
import type { BanqupError } from '@/lib/banqup/errors';
import type { Queryable } from '@/lib/db/db';
import * as repo from '@/lib/registration/repository';
import { redactText, redactValue } from '@/lib/redact';
import { atBanqupView, consequencesOf, holdingsFor, planDigest, type AtBanqupView, type LedgerEntry, type StepHoldings } from './holdings';
import { claimStep, listLedger, recordOutcome, recordSending, unrecordSending } from './ledger';
import { isStopping } from '@/lib/server/lifecycle';
import { checkBeforeSending, planStep, type PlanContext, type PlannedItem } from './steps/plans';
import type { StepStatus } from './status';
import { STEP_REGISTRY, isFormStep } from '@/lib/wizard/steps';
import { counted } from '@/lib/text';

/** Calls of one step in flight at once where no BANQUP_CONCURRENCY is given (tests). */
export const SEND_CONCURRENCY = 3;

export type Wizard = {
  registration: repo.RegistrationRecord;
  rows: Map<number, repo.StepRow>;
  assets: Map<string, repo.AssetMeta>;
  /** Every item sent to Banqup and its outcome: what Banqup holds is derived from it. */
  ledger: LedgerEntry[];
};

/** The registration, every step's row, its files and its ledger; given the registration (just read), three queries. */
export async function loadWizard(db: Queryable, given: string | repo.RegistrationRecord): Promise<Wizard | undefined> {
  const registration = typeof given === 'string' ? await repo.getRegistration(db, given) : given;
  if (!registration) return undefined;
  const registrationId = registration.id;
  const [rows, assets, ledger] = await Promise.all([repo.getStepRows(db, registrationId), repo.listAssets(db, registrationId), listLedger(db, registrationId)]);
  return { registration, rows, assets: new Map(assets.map((asset) => [asset.id, asset])), ledger };
}

/**
 * The wizard as one step sees it, after a save: the registration and the step's row as the save
 * read and wrote them, that step's ledger entries, and the files only where the step has any
 * (logo, media). What an autosave answers with: one or two more queries. A step's Send sends from
 * it without the ledger (`ledger: false`: sendStep reads it once it holds the step's claim).
 */
export async function loadWizardStep(db: Queryable, registration: repo.RegistrationRecord, row: repo.StepRow, options: { ledger?: boolean } = {}): Promise<Wizard> {
  const registrationId = registration.id;
  const [assets, ledger] = await Promise.all([
    isFormStep(row.step) && STEP_REGISTRY[row.step].files ? repo.listAssets(db, registrationId) : [],
    options.ledger === false ? [] : listLedger(db, registrationId, row.step),
  ]);
  return { registration, rows: new Map([[row.step, row]]), assets: new Map(assets.map((asset) => [asset.id, asset])), ledger };
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
  const secret = isFormStep(step) ? STEP_REGISTRY[step].secret : undefined;
  const header = secret ? await repo.getSecret(db, wizard.registration.id, secret.name) : undefined;
  return planStep(step, row.draft, planContext(db, wizard, header));
}

/** What Banqup holds for a step and what a send would do, against the step's saved draft. */
export async function holdingsOf(db: Queryable, wizard: Wizard, step: number): Promise<{ items: PlannedItem[] | undefined; holdings: StepHoldings<PlannedItem> }> {
  const items = await planFor(db, wizard, step);
  return { items, holdings: holdingsFor(step, items ?? [], wizard.ledger) };
}

/**
 * Why this registration sends nothing to Banqup, if it does not: it is archived (read-only), or a
 * next version was started from it. The next version holds a copy of this one's ledger and is
 * the one that sends from then on: two registrations sending for one application, each with a
 * ledger of its own, would each add what the other already sent (Banqup keeps duplicates).
 */
export function sendRefusal(registration: repo.RegistrationRecord): string | undefined {
  if (registration.archivedAt) return repo.ARCHIVED_MESSAGE;
  if (registration.nextRegistrationId) {
    return 'The next version was started from this registration: it sends nothing more to Banqup. Send from the next version, which knows what Banqup holds.';
  }
  return undefined;
}

const labels = (items: { label: string }[]) => items.map((item) => item.label).join(', ');

type StepPlan = { items: PlannedItem[] | undefined; holdings: StepHoldings<PlannedItem> };

/** Steps 2–9's plans and holdings, computed once: the statuses and the At Banqup views both read them. */
async function allHoldings(db: Queryable, wizard: Wizard): Promise<Map<number, StepPlan>> {
  const plans = new Map<number, StepPlan>();
  for (let step = 2; step <= 9; step++) plans.set(step, await holdingsOf(db, wizard, step));
  return plans;
}

export async function stepStatuses(db: Queryable, wizard: Wizard, plans?: Map<number, StepPlan>): Promise<StepStatus[]> {
  const statuses: StepStatus[] = [];
  for (let step = 1; step <= 9; step++) statuses.push(await statusOfStep(db, wizard, step, plans?.get(step)));
  return statuses;
}

/** One step's status, from its saved draft, its plan (computed when not given) and the ledger. */
async function statusOfStep(db: Queryable, wizard: Wizard, step: number, plan?: StepPlan): Promise<StepStatus> {
  const row = wizard.rows.get(step);
  const base = { step, savedAt: row?.draftSavedAt?.toISOString(), sentAt: row?.sentAt?.toISOString(), sentCount: 0, pendingCount: 0, retryAt: row?.lastError?.retryAt };
  if (step === 1) {
    const uncertainDraft = wizard.ledger.some((entry) => entry.step === 1 && entry.outcome === 'unknown' && entry.resolution === null);
    return uncertainDraft && !wizard.registration.applicationId
      ? { ...base, state: 'unknown', message: 'An attempt to create the draft may have reached Banqup: ask Banqup Support before creating it again.' }
      : { ...base, state: wizard.registration.applicationId ? 'sent' : row?.draft ? 'draft' : 'not_started' };
  }
  if (!wizard.registration.applicationId) return { ...base, state: 'locked', message: 'Enter the applicationId in step 1 first.' };
  const { items, holdings } = plan ?? (await holdingsOf(db, wizard, step));
  const touched = wizard.ledger.some((entry) => entry.step === step);
  if (!row?.draft && !touched) return { ...base, state: 'not_started' };
  const counts = { sentCount: holdings.upToDate.length, pendingCount: holdings.toSend.length + holdings.blocked.length };
  const uncertain = holdings.uncertain.filter((item) => !item.resent);
  if (uncertain.length) {
    return { ...base, ...counts, state: 'unknown', message: `${counted(uncertain.length, 'item')} may have arrived at Banqup (${labels(uncertain)}): check at Banqup, or send again anyway.` };
  }
  if (holdings.inFlight.length) return { ...base, ...counts, state: 'sending', message: `Being sent: ${labels(holdings.inFlight)}.` };
  if (items && items.length > 0 && counts.pendingCount === 0) {
    // Banqup holds everything the draft wants (an earlier failure has been made good since).
    return holdings.leftovers.length
      ? { ...base, ...counts, retryAt: undefined, state: 'extra', message: `Banqup also holds ${labels(holdings.leftovers)}, no longer in the draft: no API call can remove it, ask Banqup Support.` }
      : { ...base, ...counts, retryAt: undefined, state: 'sent' };
  }
  if (row?.lastError) return { ...base, ...counts, state: 'failed', message: row.lastError.message };
  if (holdings.held.length === 0 && holdings.uncertain.length === 0) return { ...base, ...counts, state: 'draft' };
  return { ...base, ...counts, state: 'changed', message: items ? `${counted(counts.pendingCount, 'change')} not sent yet.` : 'The draft has changed and is not complete.' };
}

/**
 * What the step list and the step's At Banqup panel need after one step was saved: that step's
 * status and view alone, planned once (an autosave re-planned all eight steps, reading the
 * logo's and every media file's bytes, to refresh the step list).
 */
export async function stepUpdate(db: Queryable, registration: repo.RegistrationRecord, row: repo.StepRow): Promise<{ status: StepStatus; atBanqup?: AtBanqupView }> {
  const step = row.step;
  const wizard = await loadWizardStep(db, registration, row);
  if (step === 1 || !wizard.registration.applicationId) return { status: await statusOfStep(db, wizard, step) };
  const plan = await holdingsOf(db, wizard, step);
  return { status: await statusOfStep(db, wizard, step, plan), atBanqup: atBanqupView(step, plan.holdings) };
}

/** The step list's and the At Banqup panels' data: what the browser refreshes after each save and send. */
export type WizardStatus = {
  statuses: StepStatus[];
  applicationId: string | null;
  name: string;
  atBanqup: AtBanqupView[];
  /** Where the registration stands with review and Banqup: step 10's badge in the step list. */
  registrationStatus: repo.RegistrationRecord['status'];
};

export async function wizardStatus(db: Queryable, wizard: Wizard): Promise<WizardStatus> {
  const plans = await allHoldings(db, wizard);
  const atBanqup = [...plans].map(([step, { holdings }]) => atBanqupView(step, holdings));
  return {
    statuses: await stepStatuses(db, wizard, plans),
    applicationId: wizard.registration.applicationId,
    name: wizard.registration.name,
    atBanqup,
    registrationStatus: wizard.registration.status,
  };
}

export type SendFailure = {
  key: string;
  label: string;
  message: string;
  requestId?: string;
  /** Banqup's HTTP status (409 on a version: its number is taken). */
  status?: number;
  unknown?: boolean;
  /** Banqup refused the credentials (401, 403): the step links to the Connection page. */
  connection?: boolean;
};

export type SendOutcome = (
  | { ok: true; sent: number; unchanged: number; message: string }
  | {
      ok: false;
      message: string;
      /** Form field path → messages, from the API's field errors. */
      fieldErrors: Record<string, string[]>;
      failed: SendFailure[];
      sent: number;
      /** The send does more than add what is new: nothing went out; these need a confirmation. */
      confirm?: { digest: string; consequences: string[] };
      /** Banqup asked to wait until then (a 429's Retry-After). */
      retryAt?: string;
    }
) & {
  /** The step's row as the send left it, when it sent anything (else it is as the send found it). */
  row?: repo.StepRow;
};

/**
 * Runs `work` over the items, `limit` at a time. After the first failure (a throw) no new item
 * is started, and it waits for the ones under way before it rethrows: a send's claim is never
 * released while one of its calls is still going out.
 */
async function mapWithLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}

const describe = (error: BanqupError) => `${error.status ? `${error.status} ${error.title}: ` : ''}${error.detail}`;

/** The ledger's outcome of one call: Banqup holds it, does not, or may. */
export function outcomeOf(result: BanqupResult<unknown>): 'accepted' | 'refused' | 'unknown' {
  if (result.ok) return 'accepted';
  // A success whose body could not be read: Banqup said it took the item.
  if (result.error.kind === 'invalid_response' && result.error.status !== null && result.error.status < 300) return 'accepted';
  return result.error.maybeDelivered ? 'unknown' : 'refused';
}

/**
 * The item's own id at Banqup, when its answer gives one (a media, a version). NOTE: the
 * recipe's answers to steps 2 and 5–8 carry the applicationId as `id`: not an item id.
 */
const remoteIdOf = (data: unknown, applicationId: string) => {
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== applicationId ? id : null;
};

/**
 * Sends the saved draft of a step: only what Banqup does not hold yet, several calls at once
 * (bounded), each journaled and written to the ledger before it goes out and as soon as it
 * ends. Never posts an item whose earlier send may have arrived, and asks to confirm (by the
 * plan's digest) any send that does more than add what is new.
 */
export type SendStepOptions = {
  confirm?: string;
  actor?: repo.Actor;
  /** Calls of this step in flight at once (BANQUP_CONCURRENCY; SEND_CONCURRENCY in tests). */
  concurrency?: number;
};

export async function sendStep(db: Queryable, client: BanqupClient, wizard: Wizard, step: number, options: SendStepOptions = {}): Promise<SendOutcome> {
  const registrationId = wizard.registration.id;
  const applicationId = wizard.registration.applicationId;
  const fail = (message: string, fieldErrors: Record<string, string[]> = {}, extra: Partial<Extract<SendOutcome, { ok: false }>> = {}): SendOutcome => ({
    ok: false,
    message,
    fieldErrors,
    failed: [],
    sent: 0,
    ...extra,
  });
  if (!applicationId) return fail('Enter the applicationId in step 1 first.');
  const refused = sendRefusal(wizard.registration);
  if (refused) return fail(refused);
  const row = wizard.rows.get(step);
  const items = await planFor(db, wizard, step);
  if (!row || !items) return fail('This step is not complete: fix the fields marked in red, then send again.');

  const retryAt = row.lastError?.retryAt;
  const waitMs = retryAt ? Date.parse(retryAt) - Date.now() : 0;
  if (retryAt && waitMs > 0) return fail(`Banqup asked to wait: try again in ${Math.ceil(waitMs / 1000)} s.`, {}, { retryAt });

  const claim = await claimStep(db, registrationId, step);
  if (!claim) return fail('This step is being sent from another tab or by a colleague. Wait a moment and reload.');
  try {
    // Read after claiming: what an earlier send of this step wrote is all there now.
    const ledger = await listLedger(db, registrationId, step);
    const holdings = holdingsFor(step, items, ledger);
    const refusal = holdings.toSend.length > 0 ? checkBeforeSending(step, row.draft, ledger) : undefined;
    if (refusal) return fail(refusal.message, refusal.fieldErrors);
    const consequences = consequencesOf(step, holdings);
    const digest = planDigest(step, holdings);
    if (consequences.length > 0 && options.confirm !== digest) {
      return fail('This send does more than add what is new. Read what it does, then confirm.', {}, { confirm: { digest, consequences } });
    }
    if (holdings.toSend.length === 0) {
      if (holdings.blocked.length) {
        return fail(
          `Not sent: an earlier send of ${labels(holdings.blocked)} may have arrived at Banqup. Check at Banqup, or send it again anyway, below.`,
          {},
          { failed: holdings.blocked.map((item) => ({ key: item.key, label: item.label, message: 'may already be at Banqup', unknown: true })) },
        );
      }
      const left = holdings.leftovers.length ? ` Banqup still holds ${labels(holdings.leftovers)}, which is no longer in the draft and which no API call can remove: ask Banqup Support.` : '';
      return { ok: true, sent: 0, unchanged: holdings.upToDate.length, message: `Nothing to send: Banqup holds everything in the draft.${left}` };
    }

    // The registration's callback header travels in the version's body (step 9, and no other
    // step's): Banqup may quote it back, in an error or an echo. It is a secret of every call of
    // that send, so the client redacts it (in any encoding) from the result and the journal, as
    // it does the token.
    const secret = isFormStep(step) ? STEP_REGISTRY[step].secret : undefined;
    const callbackHeader = secret ? await repo.getSecret(db, registrationId, secret.name) : undefined;
    const callSecrets = callbackHeader ? [callbackHeader] : [];
    const ledgerSecrets = () => [...callSecrets, ...client.options.tokens.secrets()];
    const lostClaim: BanqupResult<unknown> = {
      ok: false,
      error: { kind: 'config', status: null, title: 'Not sent', detail: 'Another send took this step over: this item was not sent. Reload to see what Banqup holds.', fieldErrors: {}, retryable: false },
    };
    const stopped: BanqupResult<unknown> = {
      ok: false,
      error: { kind: 'config', status: null, title: 'Not sent', detail: 'The server is restarting: this item was not sent. Send again in a moment.', fieldErrors: {}, retryable: false },
    };
    const limit = options.concurrency ?? SEND_CONCURRENCY;
    const entryOf = (item: PlannedItem) => ({ itemKey: item.key, label: item.label, fingerprint: item.fingerprint, match: item.match });
    // Every item is written to the ledger before its call, while this send holds the step's
    // claim: the first `limit`, which go out at once, together in one statement; each later
    // one when its turn comes.
    const written = isStopping()
      ? new Map<string, number>()
      : await recordSending(db, { registrationId, step, entries: holdings.toSend.slice(0, limit).map(({ item }) => entryOf(item)) }, claim.id);
    const takeWritten = (key: string) => {
      const id = written.get(key);
      written.delete(key);
      return id;
    };
    const sentBefore = (key: string) => ledger.some((entry) => entry.itemKey === key && entry.outcome === 'unknown');
    const sendOne = async ({ item }: (typeof holdings.toSend)[number]) => {
      const prewritten = takeWritten(item.key);
      // A stopping server starts no new call: the calls under way finish within its grace
      // period, and what was not started is simply not sent (sent again by the next Send).
      if (isStopping()) {
        if (prewritten !== undefined) await unrecordSending(db, prewritten);
        return { item, result: stopped, outcome: 'refused' as const, attempts: 0 };
      }
      const ledgerId = prewritten ?? (claim.held() ? await recordSending(db, { registrationId, step, ...entryOf(item) }, claim.id) : undefined);
      if (ledgerId === undefined) return { item, result: lostClaim, outcome: 'refused' as const, attempts: 0 };
      let result: BanqupResult<unknown>;
      /** How many times the call went out (the client retries some failures itself): the message says so. */
      let attempts = 0;
      try {
        result = await item.send(client, applicationId, {
          secrets: callSecrets,
          registrationId,
          step,
          onAttempt: (attempt) => {
            attempts = Math.max(attempts, attempt.attempt);
            return repo.recordApiCall(db, { ...attempt, registrationId, step, itemKey: item.key, actor: options.actor });
          },
        });
      } catch (error) {
        // Our own failure mid-call: the request may have left. Unknown, never resent by itself.
        await recordOutcome(db, ledgerId, { outcome: 'unknown', error: redactText(error instanceof Error ? error.message : 'unexpected failure', ledgerSecrets()) });
        throw error;
      }
      // NOTE: Banqup refusing an item it takes once (a version number) as taken (409) after an
      // unknown outcome and a "send again anyway" means the first send arrived: the item is
      // there. Without an earlier send of this item, the number is another version's: refused
      // (the step offers the next free one).
      const arrivedBefore = item.conflictMeansArrived === true && !result.ok && result.error.status === 409 && sentBefore(item.key);
      const outcome = arrivedBefore ? 'accepted' : outcomeOf(result);
      // The ledger keeps the answer and the error without any secret (by key and by value).
      await recordOutcome(db, ledgerId, {
        outcome,
        remoteId: result.ok ? remoteIdOf(result.data, applicationId) : null,
        response: result.ok ? redactValue(result.data, ledgerSecrets()) : null,
        error: result.ok ? null : redactText(describe(result.error), ledgerSecrets()),
      });
      return { item, result, outcome, attempts };
    };
    const results = await mapWithLimit(holdings.toSend, limit, sendOne).finally(async () => {
      // Written together but never started (a call before them threw): they did not go out.
      for (const id of written.values()) await unrecordSending(db, id);
    });
    const failures = results.flatMap(({ item, result, outcome, attempts }) =>
      outcome === 'accepted' || result.ok ? [] : [{ item, error: result.error, unknown: outcome === 'unknown', advice: adviceFor(result.error, attempts) }],
    );
    const sent = results.length - failures.length;
    const fieldErrors: Record<string, string[]> = {};
    for (const { item, error } of failures) {
      for (const [field, messages] of Object.entries(error.fieldErrors)) (fieldErrors[item.formField(field)] ??= []).push(...messages);
    }
    const failed: SendFailure[] = failures.map(({ item, error, unknown, advice }) => ({
      key: item.key,
      label: item.label,
      message: [describe(error), unknown ? 'It is not sent again by itself: check at Banqup, or send it again anyway.' : '', advice?.text ?? ''].filter(Boolean).join(' '),
      requestId: error.requestId,
      ...(error.status ? { status: error.status } : {}),
      ...(unknown ? { unknown: true } : {}),
      ...(advice?.connection ? { connection: true } : {}),
    }));
    const askedWaitMs = Math.max(0, ...failures.map(({ error }) => error.retryAfterMs ?? 0));
    const nextTryAt = askedWaitMs > 0 ? new Date(Date.now() + askedWaitMs).toISOString() : undefined;
    const unknownCount = failures.filter((failure) => failure.unknown).length;
    const total = holdings.toSend.length;
    let message =
      failures.length === 0
        ? `Sent ${sent} of ${counted(total, 'call')} to Banqup.`
        : failures.length === 1 && total === 1
          ? unknownCount
            ? `Banqup may have received it: ${failed[0]?.message}`
            : `Banqup did not accept it: ${failed[0]?.message}`
          : `${failures.length} of ${counted(total, 'call')} failed${unknownCount ? ` (${unknownCount} may have arrived)` : ''}; ${sent} succeeded. Sending again sends only what Banqup did not take.`;
    if (nextTryAt) message += ` Banqup asked to wait: try again in ${Math.ceil(askedWaitMs / 1000)} s.`;
    if (holdings.blocked.length) message += ` Not sent: ${labels(holdings.blocked)}, whose earlier send may have arrived.`;
    const after = await repo.finishSend(
      db,
      registrationId,
      step,
      {
        anySent: sent > 0,
        failure: failures.length
          ? { message, retryAt: nextTryAt, items: Object.fromEntries(failed.map((f) => [f.key, { label: f.label, message: f.message, requestId: f.requestId }])) }
          : null,
      },
      claim.id,
    );
    claim.releasedBy();
    return failures.length === 0 ? { ok: true, sent, unchanged: holdings.upToDate.length, message, row: after } : { ok: false, message, fieldErrors, failed, sent, retryAt: nextTryAt, row: after };
  } finally {
    await claim.release();
  }
}
