import 'server-only';
/**
 * The cross-step context of the steps' schemas (lib/wizard/steps/index.ts), read on the server:
 * the step page gives it to the form, and the save and send actions parse with it, built by
 * the same function from the same saved data.
 */
import type { Queryable } from '@/lib/db';
import { getDraft } from '@/lib/registration/repository';
import type { LedgerEntry } from '@/lib/wizard/holdings';
import { listLedger } from '@/lib/wizard/ledger';
import { lastSentVersion } from '@/lib/wizard/steps/9-version/versions';
import { STEP_REGISTRY, type FormStep, type StepSchemaContext } from './index';
import { savedSpaceTypes } from './5-space-types/schema';

/** The context from a registration's saved step 5 draft and its ledger (all of it, or step 9's). */
export function schemaContextOf(saved: { spaceTypesDraft: unknown; ledger: readonly LedgerEntry[] }): StepSchemaContext {
  return { spaceTypes: savedSpaceTypes(saved.spaceTypesDraft), lastSentVersion: lastSentVersion(saved.ledger) };
}

/** The context a step's schema needs, read from the database: only what the step needs (STEP_REGISTRY's `needs`). */
export async function loadSchemaContext(db: Queryable, registrationId: string, step: FormStep): Promise<StepSchemaContext> {
  const needs = STEP_REGISTRY[step].needs as readonly string[];
  const [spaceTypesDraft, ledger] = await Promise.all([
    needs.includes('spaceTypes') ? getDraft(db, registrationId, 5).then((row) => row?.draft) : undefined,
    needs.includes('lastSentVersion') ? listLedger(db, registrationId, 9) : [],
  ]);
  return schemaContextOf({ spaceTypesDraft, ledger });
}
