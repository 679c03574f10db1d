import 'server-only';
import { countryName } from '@/lib/banqup/countries';
import { type StepPlan, hash } from '../plan-kit';
import { locationsStepSchema } from './schema';

/** Step 8 sends one call per country (POST v1 locations). */
export const planLocations: StepPlan = (values) => {
  const parsed = locationsStepSchema.safeParse(values);
  if (!parsed.success) return undefined;
  return parsed.data.countries.map((countryCode) => ({
    key: `location:${countryCode}`,
    label: `${countryName(countryCode)} (${countryCode})`,
    formField: () => 'countries',
    fingerprint: hash({ countryCode, status: 'ACTIVE' }),
    match: { countryCode },
    send: (client, applicationId, ctx) => client.addLocation(applicationId, { countryCode, status: 'ACTIVE' }, ctx),
  }));
};
