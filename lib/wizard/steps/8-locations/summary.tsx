import type { RegistrationView } from '@/lib/registration/summary';
import { countryName } from '@/lib/banqup/countries';
import { Facts } from '@/components/summary/facts';

/** Step 8 in the summary: the countries. */
export function LocationsSummary({ view }: { view: RegistrationView }) {
  return (
    <Facts rows={[['Countries', view.countries.map((code) => `${countryName(code)} (${code})`).join(', ')]]} />
  );
}
