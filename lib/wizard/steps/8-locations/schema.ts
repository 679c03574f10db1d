/** Step 8: the countries where the app is visible. */
import * as z from 'zod/mini';
import { countryCodeSchema } from '@/lib/banqup/schemas';
import { uniqueList } from '../fields';

export const locationsStepSchema = z.object({
  countries: uniqueList(countryCodeSchema, 'country').check(
    z.refine((list) => !list.includes('ALL') || list.length === 1, {
      error: 'ALL already covers every country: choose ALL or a list of countries',
    }),
  ),
});
export type LocationsStepValues = z.infer<typeof locationsStepSchema>;
export const locationsStepDefaults: LocationsStepValues = { countries: [] };
