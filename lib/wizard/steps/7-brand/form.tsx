'use client';

import { BRAND_DESCRIPTIONS, BRAND_NAMES } from '@/lib/banqup/vocabulary';
import type { BrandStepValues } from './schema';
import { StepFrame } from '@/components/wizard/step-frame';
import type { StepContext } from '@/components/wizard/step-context';
import { useStepForm } from '@/components/wizard/use-step-form';
import { ChoiceList } from '@/components/wizard/choice-list';

export function BrandForm({ values, context }: { values: BrandStepValues; context: StepContext }) {
  const step = useStepForm({ registrationId: context.registrationId, step: 7, schemaContext: context.schema, initialValues: values, initialRevision: context.revision });
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
