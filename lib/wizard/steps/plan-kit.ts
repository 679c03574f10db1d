import 'server-only';
import { createHash } from 'node:crypto';
import type { BanqupClient, BanqupResult, CallContext } from '@/lib/banqup';
import type { AssetMeta } from '@/lib/registration/repository';
import type { LedgerEntry } from '@/lib/wizard/holdings';

/**
 * What a step sends to Banqup: one item per API call (a locale, a media file, a country...).
 * Each item has a stable key, so the wizard knows which calls were made, which changed since,
 * and after a partial failure resends only what failed.
 */
export type PlannedItem = {
  key: string;
  label: string;
  /** Where an API field error for this item lands in the step's form (a form field path). */
  formField(apiField: string): string;
  /** What is sent (secrets as a hash): compared with what was sent before. */
  fingerprint: string;
  /** What identifies the item in Banqup's read of the application, to settle an unknown outcome. */
  match: Record<string, unknown>;
  send(client: BanqupClient, applicationId: string, context: CallContext): Promise<BanqupResult<unknown>>;
  /**
   * Banqup takes this item once and answers a second copy with 409 Conflict (step 9: a version
   * number). So a 409 to a send made again after an unknown outcome means the first send
   * arrived: the item is there (service.ts). Without an earlier send, a 409 is a refusal.
   */
  conflictMeansArrived?: boolean;
};

export type PlanContext = {
  assets: ReadonlyMap<string, AssetMeta>;
  loadAsset(id: string): Promise<Uint8Array | undefined>;
  authorizationHeader: string | undefined;
};

/**
 * A step's plan: its items, from its saved values, or undefined when the values do not (yet)
 * pass the step's schema (such a draft cannot be sent).
 */
export type StepPlan = (values: unknown, context: PlanContext) => PlannedItem[] | undefined;

/**
 * A step's last check before its calls go out, run once the send holds the step's claim: the
 * step's ledger, read after claiming, is what Banqup holds by then (a colleague's send that
 * finished since the page was loaded included). A refusal says why, on the form's fields.
 */
export type SendCheck = (values: unknown, ledger: readonly LedgerEntry[]) => { message: string; fieldErrors: Record<string, string[]> } | undefined;

export const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export const missingAsset = (): BanqupResult<unknown> => ({
  ok: false,
  error: { kind: 'config', status: null, title: 'File missing', detail: 'The uploaded file is no longer stored. Upload it again.', fieldErrors: {}, retryable: false },
});
