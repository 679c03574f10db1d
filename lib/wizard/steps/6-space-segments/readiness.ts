import type { ReadinessInput, ReadinessItem } from '@/lib/registration/readiness';
import { segmentsForSpaceTypes } from '@/lib/banqup/schemas';

/** Step 6's readiness: the segments belong to the space types of step 5. */
export function segmentChecks(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);
  const allowed = segmentsForSpaceTypes(input.spaceTypes);
  const invalidSegments = input.spaceSegments.filter((segment) => !allowed.includes(segment));
  add(
    invalidSegments.length
      ? { id: 'segments', level: 'error', label: 'Segments do not match the space types', detail: `${invalidSegments.join(', ')} ${invalidSegments.length > 1 ? 'are' : 'is'} not a segment of ${input.spaceTypes.join(' or ') || 'the chosen space types'}.`, step: 6 }
      : { id: 'segments', level: 'ok', label: 'Segments are valid for the space types', step: 6 },
  );
  return items;
}
