import { BrandForm } from './steps/brand-form';
import { DraftForm } from './steps/draft-form';
import { InfoForm } from './steps/info-form';
import { LocationsForm } from './steps/locations-form';
import { LogoForm } from './steps/logo-form';
import { MediaForm } from './steps/media-form';
import { SpaceSegmentsForm } from './steps/space-segments-form';
import { SpaceTypesForm } from './steps/space-types-form';
import { VersionForm } from './steps/version-form';
import type { StepContext } from './step-context';
import type { FormStep } from '@/lib/wizard/step-schemas';

/**
 * Picks the step's form. A server component: the browser loads only the form it renders.
 * Each form lives in components/wizard/steps/<step>-form.tsx; its schema in
 * lib/wizard/step-schemas.ts; its API calls in lib/wizard/plan.ts.
 */
export function StepForm({ step, values, context }: { step: FormStep; values: Record<string, unknown>; context: StepContext }) {
  const props = { values: values as never, context };
  switch (step) {
    case 1:
      return <DraftForm {...props} />;
    case 2:
      return <InfoForm {...props} />;
    case 3:
      return <LogoForm {...props} />;
    case 4:
      return <MediaForm {...props} />;
    case 5:
      return <SpaceTypesForm {...props} />;
    case 6:
      return <SpaceSegmentsForm {...props} />;
    case 7:
      return <BrandForm {...props} />;
    case 8:
      return <LocationsForm {...props} />;
    case 9:
      return <VersionForm {...props} />;
  }
}
