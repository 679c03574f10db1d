'use client';

import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';
import type { StepContext } from './step-context';
import type { FormStep } from '@/lib/wizard/step-schemas';

type FormProps = { values: never; context: StepContext };

/**
 * Each step's form: components/wizard/steps/<step>-form.tsx; its schema in
 * lib/wizard/step-schemas.ts; its API calls in lib/wizard/plan.ts.
 *
 * Loaded one at a time (rendered on the server as usual): a step page ships only its own
 * form, and the dropzone only where there are files to drop. Importing the nine forms
 * statically put all of them, and everything they use, into every step page.
 */
const FORMS: Record<FormStep, ComponentType<FormProps>> = {
  1: dynamic(() => import('./steps/draft-form').then((m) => m.DraftForm)),
  2: dynamic(() => import('./steps/info-form').then((m) => m.InfoForm)),
  3: dynamic(() => import('./steps/logo-form').then((m) => m.LogoForm)),
  4: dynamic(() => import('./steps/media-form').then((m) => m.MediaForm)),
  5: dynamic(() => import('./steps/space-types-form').then((m) => m.SpaceTypesForm)),
  6: dynamic(() => import('./steps/space-segments-form').then((m) => m.SpaceSegmentsForm)),
  7: dynamic(() => import('./steps/brand-form').then((m) => m.BrandForm)),
  8: dynamic(() => import('./steps/locations-form').then((m) => m.LocationsForm)),
  9: dynamic(() => import('./steps/version-form').then((m) => m.VersionForm)),
};

export function StepForm({ step, values, context }: { step: FormStep; values: Record<string, unknown>; context: StepContext }) {
  const Form = FORMS[step];
  return <Form values={values as never} context={context} />;
}
