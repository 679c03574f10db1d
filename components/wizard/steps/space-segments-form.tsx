'use client';

import Link from 'next/link';
import { useWatch } from 'react-hook-form';
import { SPACE_SEGMENT_TABLE, type SpaceSegment } from '@/lib/banqup/schemas';
import { spaceSegmentsSchemaFor, type SpaceSegmentsStepValues } from '@/lib/wizard/step-schemas';
import { errorId, fieldId } from '../field-ids';
import { StepFrame } from '../step-frame';
import type { StepContext } from '../step-context';
import { useStepForm } from '../use-step-form';

/**
 * Step 6: ALL, or a list of the segments the recipe's table allows for the space types saved
 * in step 5 (the same schema, with the same space types, is parsed again on the server).
 */
export function SpaceSegmentsForm({ values, context }: { values: SpaceSegmentsStepValues; context: StepContext }) {
  const allowed = context.allowedSegments;
  const step = useStepForm({
    registrationId: context.registrationId,
    step: 6,
    schema: spaceSegmentsSchemaFor(context.spaceTypes),
    initialValues: values,
    initialRevision: context.revision,
  });
  const { control, setValue, formState } = step.form;
  const selected: SpaceSegment[] = useWatch({ control, name: 'spaceSegments' }) ?? [];
  const all = selected.includes('ALL');
  const set = (next: SpaceSegment[]) => setValue('spaceSegments', next, { shouldDirty: true, shouldValidate: formState.isSubmitted });
  const toggle = (segment: SpaceSegment, checked: boolean) => set(checked ? [...selected.filter((s) => s !== 'ALL' && s !== segment), segment] : selected.filter((s) => s !== segment));
  const error = formState.errors.spaceSegments?.message ?? formState.errors.spaceSegments?.root?.message;
  const outside = selected.filter((segment) => !allowed.includes(segment));
  const options = allowed
    .filter((segment) => segment !== 'ALL')
    .map((segment) => {
      const rows = SPACE_SEGMENT_TABLE.filter((row) => row.spaceSegment === segment);
      return { value: segment, label: `${segment} (${rows[0]?.spaceType})`, description: rows.map((row) => row.description).join(' ') };
    });
  const allDescription = SPACE_SEGMENT_TABLE.filter((row) => row.spaceSegment === 'ALL').map((row) => row.description).join(' ');
  const card =
    'flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 has-[:checked]:border-brand-600 has-[:checked]:ring-1 has-[:checked]:ring-brand-600 dark:border-slate-800 dark:bg-slate-900';

  return (
    <StepFrame
      title="Space segments"
      intro={
        <p>
          All segments, or a list of them. Only the segments of your space types{' '}
          {context.spaceTypes.length ? <strong>({context.spaceTypes.join(', ')})</strong> : null} are offered;{' '}
          <Link className="underline" href={`/registrations/${context.registrationId}/space-types`}>
            change the space types
          </Link>{' '}
          for others. Each segment is sent as its own call.
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
      <fieldset aria-describedby={errorId('spaceSegments')} className="space-y-3">
        <legend className="text-sm font-medium">Space segments</legend>
        <label className={card}>
          <input
            type="checkbox"
            id={fieldId('spaceSegments')}
            checked={all}
            onChange={(event) => set(event.target.checked ? ['ALL'] : [])}
            aria-describedby={errorId('spaceSegments')}
            aria-invalid={error ? true : undefined}
            className="mt-1 size-4"
          />
          <span>
            <span className="block font-medium">ALL: every segment</span>
            <span className="block text-sm text-slate-600 dark:text-slate-400">{allDescription} Choosing it clears the list below.</span>
          </span>
        </label>
        {options.length ? <p className="text-sm text-slate-600 dark:text-slate-400">Or only these segments:</p> : null}
        {options.map((option) => (
          <label key={option.value} className={card}>
            <input
              type="checkbox"
              checked={selected.includes(option.value)}
              onChange={(event) => toggle(option.value, event.target.checked)}
              aria-describedby={errorId('spaceSegments')}
              className="mt-1 size-4"
            />
            <span>
              <span className="block font-medium">{option.label}</span>
              <span className="block text-sm text-slate-600 dark:text-slate-400">{option.description}</span>
            </span>
          </label>
        ))}
        {outside.length ? (
          <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
            Saved but not allowed by your space types: {outside.join(', ')}. Untick {outside.length > 1 ? 'them' : 'it'} to send.
            <button type="button" className="ml-2 underline" onClick={() => set(selected.filter((s) => allowed.includes(s)))}>
              Remove {outside.join(', ')}
            </button>
          </p>
        ) : null}
        <p id={errorId('spaceSegments')} aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
          {error}
        </p>
      </fieldset>
    </StepFrame>
  );
}
