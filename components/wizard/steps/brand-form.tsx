'use client';

import { BRAND_DESCRIPTIONS, BRAND_NAMES } from '@/lib/banqup/vocabulary';
import type { BrandStepValues } from '@/lib/wizard/step-schemas';
import { StepFrame } from '../step-frame';
import type { StepContext } from '../step-context';
import { useStepForm } from '../use-step-form';
import { ChoiceList } from './choice-list';

export function BrandForm({ values, context }: { values: BrandStepValues; context: StepContext }) {
  const step = useStepForm({ registrationId: context.registrationId, step: 7, schema: () => import('@/lib/wizard/step-schemas').then((m) => m.brandStepSchema), initialValues: values, initialRevision: context.revision });
  return (
    <StepFrame
      title="Brand"
      intro={<p>The Banqup brand your app is available under.</p>}
      {...step.frame}
      canSend={!context.locked}
    >
      <ChoiceList
        control={step.form.control}
        name="brandName"
        legend="Brand"
        type="radio"
        options={BRAND_NAMES.map((brand) => ({ value: brand, label: brand === 'ALL' ? 'ALL (every brand)' : brand, description: BRAND_DESCRIPTIONS[brand] }))}
      />
      {context.sentItems.includes('brand') ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          A brand was sent before. Sending another adds it next to the first (Send asks you to confirm): the API has no call to change or remove a brand.
        </p>
      ) : null}
    </StepFrame>
  );
}
