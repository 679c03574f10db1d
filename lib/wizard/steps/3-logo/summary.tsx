import type { RegistrationView } from '@/lib/registration/summary';
import { Facts } from '@/components/summary/facts';

/** Step 3 in the summary: the logo file. */
export function LogoSummary({ view }: { view: RegistrationView }) {
  return (
    <Facts rows={[['Logo', view.logo ? `${view.logo.fileName}, ${view.logo.contentType}${view.logo.width ? `, ${view.logo.width}×${view.logo.height}` : ''}` : '']]} />
  );
}
