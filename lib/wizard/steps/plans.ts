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

/** Each step's plan, and the last check some steps make once the send holds the step's claim. */
const SENDING: Partial<Record<number, { plan: StepPlan; checkBeforeSending?: SendCheck }>> = {
  2: { plan: planInfo },
  3: { plan: planLogo },
  4: { plan: planMedia },
  5: { plan: planSpaceTypes },
  6: { plan: planSpaceSegments },
  7: { plan: planBrand },
  8: { plan: planLocations },
  9: { plan: planVersion, checkBeforeSending: versionAboveLastSent },
};

/**
 * The items of a step, from its saved values. Returns undefined when the values do not
 * (yet) pass the step's schema: such a draft cannot be sent.
 */
export function planStep(step: number, values: unknown, context: PlanContext): PlannedItem[] | undefined {
  return SENDING[step]?.plan(values, context);
}

/** The step's refusal of a send, checked once the send holds the step's claim (step 9: a version above the last one Banqup holds), or undefined. */
export function checkBeforeSending(step: number, values: unknown, ledger: readonly LedgerEntry[]) {
  return SENDING[step]?.checkBeforeSending?.(values, ledger);
}
