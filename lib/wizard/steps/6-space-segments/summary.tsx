import type { RegistrationView } from '@/lib/registration/summary';
import { SPACE_SEGMENT_TABLE } from '@/lib/banqup/schemas';
import { Facts } from '@/components/summary/facts';

/** Step 6 in the summary: the segments, with the recipe's words for each. */
export function SpaceSegmentsSummary({ view }: { view: RegistrationView }) {
  const segmentDescription = (segment: string) => SPACE_SEGMENT_TABLE.find((row) => row.spaceSegment === segment)?.description ?? '';
  return (
    <Facts rows={[['Space segments', view.spaceSegments.map((segment) => <span key={segment} className="block"><strong>{segment}</strong>: {segmentDescription(segment)}</span>)]]} />
  );
}
