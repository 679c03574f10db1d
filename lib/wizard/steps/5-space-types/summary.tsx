import type { RegistrationView } from '@/lib/registration/summary';
import { SPACE_TYPE_DESCRIPTIONS } from '@/lib/banqup/schemas';
import { Facts } from '@/components/summary/facts';

/** Step 5 in the summary: the space types, with the recipe's words for each. */
export function SpaceTypesSummary({ view }: { view: RegistrationView }) {
  return (
    <Facts rows={[['Space types', view.spaceTypes.map((type) => <span key={type} className="block"><strong>{type}</strong>: {SPACE_TYPE_DESCRIPTIONS[type]}</span>)]]} />
  );
}
