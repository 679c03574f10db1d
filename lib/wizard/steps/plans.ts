import 'server-only';
/**
 * Each step's plan: the API calls it makes to Banqup from its saved values (server only: a
 * plan sends with the Banqup client). The plan of step N is in lib/wizard/steps/<N>-<slug>/plan.ts.
 * Step 1 has none: the draft app is made by Banqup Support, or by its own call (lib/banqup/client).
 */
import { planInfo } from './2-info/plan';
import { planLogo } from './3-logo/plan';
import { planMedia } from './4-media/plan';
import { planSpaceTypes } from './5-space-types/plan';
import { planSpaceSegments } from './6-space-segments/plan';
import { planBrand } from './7-brand/plan';
import { planLocations } from './8-locations/plan';
import { planVersion, versionAboveLastSent } from './9-version/plan';
import type { LedgerEntry } from '@/lib/wizard/holdings';
import type { PlanContext, PlannedItem, SendCheck, StepPlan } from './plan-kit';

export type { PlanContext, PlannedItem } from './plan-kit';
export { versionFormField } from './9-version/plan';
export { toVersionRequest } from './9-version/manifest-values';

const PLANS: Partial<Record<number, StepPlan>> = {
  2: planInfo,
  3: planLogo,
  4: planMedia,
  5: planSpaceTypes,
  6: planSpaceSegments,
  7: planBrand,
  8: planLocations,
  9: planVersion,
};

/**
 * The items of a step, from its saved values. Returns undefined when the values do not
 * (yet) pass the step's schema: such a draft cannot be sent.
 */
export function planStep(step: number, values: unknown, context: PlanContext): PlannedItem[] | undefined {
  return PLANS[step]?.(values, context);
}

/** The steps' last checks before sending (step 9: the version above the last one Banqup holds). */
const SEND_CHECKS: Partial<Record<number, SendCheck>> = {
  9: versionAboveLastSent,
};

/** The step's refusal of a send, checked once the send holds the step's claim, or undefined. */
export function checkBeforeSending(step: number, values: unknown, ledger: readonly LedgerEntry[]) {
  return SEND_CHECKS[step]?.(values, ledger);
}
