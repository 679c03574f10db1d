'use client';

import Link from 'next/link';
import { useWatch } from 'react-hook-form';
import { SPACE_SEGMENT_TABLE, type SpaceSegment } from '@/lib/banqup/vocabulary';
import type { SpaceSegmentsStepValues } from './schema';
import { StepFrame } from '@/components/wizard/step-frame';
import type { StepContext } from '@/components/wizard/step-context';
import { useStepForm } from '@/components/wizard/use-step-form';
import { ChoiceList } from '@/components/wizard/choice-list';

/**
 * Step 6: ALL, or a list of the segments the recipe's table allows for the space types saved
 * in step 5 (the same schema, with the same space types, is parsed again on the server).
 */
export function SpaceSegmentsForm({ values, context }: { values: SpaceSegmentsStepValues; context: StepContext }) {
  const allowed = context.allowedSegments;
  const step = useStepForm({
    registrationId: context.registrationId,
    step: 6,
    schemaContext: context.schema,
    initialValues: values,
    initialRevision: context.revision,
  });
  const { control, setValue, formState } = step.form;
  const selected: SpaceSegment[] = useWatch({ control, name: 'spaceSegments' }) ?? [];
  const outside = selected.filter((segment) => !allowed.includes(segment));
  const options = allowed.map((segment) => {
    const rows = SPACE_SEGMENT_TABLE.filter((row) => row.spaceSegment === segment);
    return segment === 'ALL'
      ? { value: segment, label: 'ALL: every segment', description: `${rows.map((row) => row.description).join(' ')} Choosing it clears the others.` }
      : { value: segment, label: `${segment} (${rows[0]?.spaceType})`, description: rows.map((row) => row.description).join(' ') };
  });

  return (
    <StepFrame
      title="Space segments"
      intro={
        <p>
          All segments, or a list of them. Only the segments of your space types{' '}
          {context.schema.spaceTypes.length ? <strong>({context.schema.spaceTypes.join(', ')})</strong> : null} are offered;{' '}
          <Link className="underline" href={`/registrations/${context.registrationId}/space-types`}>
            change the space types
          </Link>{' '}
          for others. Each segment is sent as its own call.
        </p>
      }
      {...step.frame}
      canSend={!context.locked}
    >
      {context.schema.spaceTypes.length === 0 ? (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          No space type is chosen yet (step 5): only ALL is offered.
        </p>
      ) : null}
      <ChoiceList control={control} name="spaceSegments" legend="Space segments: ALL, or a list" type="checkbox" options={options} exclusive="ALL" />
      {outside.length ? (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          Saved but not allowed by your space types: {outside.join(', ')}. Untick {outside.length > 1 ? 'them' : 'it'} to send.
          <button
            type="button"
            className="ml-2 underline"
            onClick={() => setValue('spaceSegments', selected.filter((s) => allowed.includes(s)), { shouldDirty: true, shouldValidate: formState.isSubmitted })}
          >
            Remove {outside.join(', ')}
          </button>
        </p>
      ) : null}
    </StepFrame>
  );
}
