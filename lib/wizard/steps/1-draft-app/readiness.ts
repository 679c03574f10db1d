import type { ReadinessInput, ReadinessItem } from '@/lib/registration/readiness';

/** Step 1's readiness: the draft app has its applicationId. */
export function draftAppChecks(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);
  add(
    input.applicationId
      ? { id: 'application-id', level: 'ok', label: 'The draft app has its applicationId', step: 1 }
      : { id: 'application-id', level: 'error', label: 'No applicationId yet', detail: 'Ask Banqup Support for the draft app (step 1).', step: 1 },
  );
  return items;
}
