'use client';

import * as z from 'zod/mini';
import Link from 'next/link';
import { SPACE_SEGMENT_TABLE } from '@/lib/banqup/schemas';
import { spaceSegmentsStepSchema, type SpaceSegmentsStepValues } from '@/lib/wizard/step-schemas';
import { StepFrame } from '../step-frame';
import type { StepContext } from '../step-context';
import { useStepForm } from '../use-step-form';
import { ChoiceList } from './choice-list';

export function SpaceSegmentsForm({ values, context }: { values: SpaceSegmentsStepValues; context: StepContext }) {
  // Only the segments the recipe's table allows for the space types chosen in step 5.
  const allowed = context.allowedSegments;
  const schema = spaceSegmentsStepSchema.check(
    z.refine((v) => v.spaceSegments.every((segment) => allowed.includes(segment)), {
      error: `Choose among the segments of your space types: ${allowed.join(', ')}`,
      path: ['spaceSegments'],
    }),
  );
  const step = useStepForm({
    registrationId: context.registrationId,
    step: 6,
    schema,
    initialValues: { spaceSegments: values.spaceSegments.filter((segment) => allowed.includes(segment)) },
    initialRevision: context.revision,
  });
  const options = allowed.map((segment) => {
    const rows = SPACE_SEGMENT_TABLE.filter((row) => row.spaceSegment === segment);
    return {
      value: segment,
      label: segment === 'ALL' ? 'ALL' : `${segment} (${rows[0]?.spaceType})`,
      description: rows.map((row) => row.description).join(' '),
    };
  });
  return (
    <StepFrame
      title="Space segments"
      intro={
        <p>
          Segments narrow the space types down. Only those valid for your space types{' '}
          {context.spaceTypes.length ? <strong>({context.spaceTypes.join(', ')})</strong> : null} are offered;{' '}
          <Link className="underline" href={`/registrations/${context.registrationId}/space-types`}>
            change the space types
          </Link>{' '}
          for others.
        </p>
      }
      {...step.frame}
      canSend={!context.locked}
    >
      {context.spaceTypes.length === 0 ? (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          No space type is chosen yet (step 5): only ALL is offered.
        </p>
      ) : null}
      <ChoiceList
        control={step.form.control}
        name="spaceSegments"
        legend="Space segments"
        type="checkbox"
        options={options}
      />
    </StepFrame>
  );
}
