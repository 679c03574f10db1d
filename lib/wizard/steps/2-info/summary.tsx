import type { RegistrationView } from '@/lib/registration/summary';
import { LocaleTabs } from '@/components/summary/locale-tabs';
import {  } from '@/components/summary/facts';

/** Step 2 in the summary: the texts of every language, as tabs (all print). */
export function InfoSummary({ view }: { view: RegistrationView }) {
  return (
    <LocaleTabs locales={view.locales} logoId={view.logo?.id} media={view.media} />
  );
}
