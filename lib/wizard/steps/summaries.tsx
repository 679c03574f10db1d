/**
 * Each step's section of the reviewer's summary (lib/wizard/steps/<n>-<slug>/summary.tsx),
 * by step number: components/summary/summary-document.tsx lays them out under their headings.
 */
import type { ComponentType } from 'react';
import type { RegistrationView } from '@/lib/registration/summary';
import { DraftAppSummary } from './1-draft-app/summary';
import { InfoSummary } from './2-info/summary';
import { LogoSummary } from './3-logo/summary';
import { MediaSummary } from './4-media/summary';
import { SpaceTypesSummary } from './5-space-types/summary';
import { SpaceSegmentsSummary } from './6-space-segments/summary';
import { BrandSummary } from './7-brand/summary';
import { LocationsSummary } from './8-locations/summary';
import { VersionSummary } from './9-version/summary';
import type { FormStep } from './index';

export const STEP_SUMMARIES: Record<FormStep, ComponentType<{ view: RegistrationView }>> = {
  1: DraftAppSummary,
  2: InfoSummary,
  3: LogoSummary,
  4: MediaSummary,
  5: SpaceTypesSummary,
  6: SpaceSegmentsSummary,
  7: BrandSummary,
  8: LocationsSummary,
  9: VersionSummary,
};
