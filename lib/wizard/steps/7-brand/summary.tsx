import type { RegistrationView } from '@/lib/registration/summary';
import { BRAND_DESCRIPTIONS, type BrandName } from '@/lib/banqup/schemas';
import { Facts } from '@/components/summary/facts';

/** Step 7 in the summary: the brand. */
export function BrandSummary({ view }: { view: RegistrationView }) {
  return (
    <Facts rows={[['Brand', view.brandName ? `${view.brandName}: ${BRAND_DESCRIPTIONS[view.brandName as BrandName] ?? ''}` : '']]} />
  );
}
