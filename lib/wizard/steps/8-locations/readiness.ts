import type { ReadinessInput, ReadinessItem } from '@/lib/registration/readiness';
import { brandCountryWarning } from '@/lib/wizard/targeting';

/** Step 8's readiness: the countries agree with the brand of step 7. */
export function locationChecks(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);
  const mismatch = brandCountryWarning(input.brandName, input.countries);
  add(mismatch ? { id: 'brand-countries', level: 'error', label: 'Brand and countries disagree', detail: mismatch, step: 8 } : { id: 'brand-countries', level: 'ok', label: 'Brand and countries agree', step: 8 });
  return items;
}
