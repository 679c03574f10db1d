'use client';

import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';
import type { StepContext } from '@/components/wizard/step-context';
import type { FormStep } from './index';

type FormProps = { values: never; context: StepContext };

/**
 * Each step's form: lib/wizard/steps/<n>-<slug>/form.tsx, beside its schema and its plan.
 *
 * Loaded one at a time (rendered on the server as usual): a step page ships only its own
 * form, and the dropzone only where there are files to drop. Importing the nine forms
 * statically put all of them, and everything they use, into every step page.
 */
const FORMS: Record<FormStep, ComponentType<FormProps>> = {
  1: dynamic(() => import('./1-draft-app/form').then((m) => m.DraftAppForm)),
  2: dynamic(() => import('./2-info/form').then((m) => m.InfoForm)),
  3: dynamic(() => import('./3-logo/form').then((m) => m.LogoForm)),
  4: dynamic(() => import('./4-media/form').then((m) => m.MediaForm)),
  5: dynamic(() => import('./5-space-types/form').then((m) => m.SpaceTypesForm)),
  6: dynamic(() => import('./6-space-segments/form').then((m) => m.SpaceSegmentsForm)),
  7: dynamic(() => import('./7-brand/form').then((m) => m.BrandForm)),
  8: dynamic(() => import('./8-locations/form').then((m) => m.LocationsForm)),
  9: dynamic(() => import('./9-version/form').then((m) => m.VersionForm)),
};

export function StepForm({ step, values, context }: { step: FormStep; values: Record<string, unknown>; context: StepContext }) {
  const Form = FORMS[step];
  return <Form values={values as never} context={context} />;
}
