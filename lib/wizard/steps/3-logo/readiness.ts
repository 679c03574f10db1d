import type { ReadinessInput, ReadinessItem } from '@/lib/registration/readiness';
import { LISTING_LIMITS } from '@/lib/wizard/listing-limits';
import { logoWarnings, type ImageWarning } from '@/lib/wizard/image-warnings';

/** Step 3's readiness: a logo, sent, and the logo step's own warnings (lib/wizard/image-warnings.ts). */
export function logoChecks(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);
  const logoSent = input.statuses.find((s) => s.step === 3)?.state === 'sent';
  if (!input.logo) add({ id: 'logo', level: 'error', label: 'No logo', detail: 'Upload a logo.', step: 3 });
  else if (!logoSent) add({ id: 'logo', level: 'error', label: 'The logo is not sent', detail: 'Send step 3.', step: 3 });
  else add({ id: 'logo', level: 'ok', label: 'Logo sent', step: 3 });
  // The warnings the logo and media steps show under each file (lib/wizard/image-warnings.ts).
  const LOGO_LABELS: Partial<Record<ImageWarning['kind'], string>> = { square: 'The logo is not square', size: `The logo is smaller than ${LISTING_LIMITS.logo.minSide}×${LISTING_LIMITS.logo.minSide}` };
  for (const warning of input.logo ? logoWarnings(input.logo) : []) {
    add({ id: `logo-${warning.kind}`, level: 'warning', label: LOGO_LABELS[warning.kind] ?? warning.sentence, detail: warning.sentence, step: 3 });
  }
  return items;
}
