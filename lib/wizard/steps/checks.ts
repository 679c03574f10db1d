/**
 * Each step's readiness checks (lib/wizard/steps/<n>-<slug>/readiness.ts), for the checklist
 * (lib/registration/readiness.ts). Steps 5 and 7 have none of their own: step 6 checks the
 * segments against step 5's space types, step 8 the countries against step 7's brand.
 */
import type { ReadinessInput, ReadinessItem } from '@/lib/registration/readiness';
import { draftAppChecks } from './1-draft-app/readiness';
import { infoChecks } from './2-info/readiness';
import { logoChecks } from './3-logo/readiness';
import { mediaChecks } from './4-media/readiness';
import { segmentChecks } from './6-space-segments/readiness';
import { locationChecks } from './8-locations/readiness';
import { versionChecks } from './9-version/readiness';
import type { FormStep } from './index';

type Checks = (input: ReadinessInput) => ReadinessItem[];

export const STEP_CHECKS: { 1: Checks } & Partial<Record<FormStep, Checks>> = {
  1: draftAppChecks,
  2: infoChecks,
  3: logoChecks,
  4: mediaChecks,
  6: segmentChecks,
  8: locationChecks,
  9: versionChecks,
};
