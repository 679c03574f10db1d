'use client';

import { SPACE_TYPES, SPACE_TYPE_DESCRIPTIONS } from '@/lib/banqup/vocabulary';
import type { SpaceTypesStepValues } from './schema';
import { StepFrame } from '@/components/wizard/step-frame';
import type { StepContext } from '@/components/wizard/step-context';
import { useStepForm } from '@/components/wizard/use-step-form';
import { ChoiceList } from '@/components/wizard/choice-list';

export function SpaceTypesForm({ values, context }: { values: SpaceTypesStepValues; context: StepContext }) {
  const step = useStepForm({ registrationId: context.registrationId, step: 5, schemaContext: context.schema, initialValues: values, initialRevision: context.revision });
  return (
    <StepFrame
      title="Space types"
      intro={<p>Which kinds of Banqup spaces your app serves. Choose one or both; each is sent as its own call.</p>}
      {...step.frame}
      canSend={!context.locked}
    >
      <ChoiceList
        control={step.form.control}
        name="spaceTypes"
        legend="Space types"
        type="checkbox"
        options={SPACE_TYPES.map((type) => ({ value: type, label: type, description: SPACE_TYPE_DESCRIPTIONS[type] }))}
      />
    </StepFrame>
  );
}
