import type { RegistrationView } from '@/lib/registration/summary';
import { StorePreview } from './store-preview';

/** The summary's store preview: the saved answers of steps 2–4 (only the facts it shows reach the browser). */
export function SummaryStorePreview({ view }: { view: Pick<RegistrationView, 'locales' | 'logo' | 'media'> }) {
  const image = ({ id, fileName }: { id: string; fileName: string }) => ({ id, fileName });
  return <StorePreview sources={{ locales: view.locales, logo: view.logo ? image(view.logo) : null, media: view.media.map(image) }} />;
}
