/** Step 3: the logo, uploaded first and kept by the wizard as an asset. */
import * as z from 'zod/mini';
import { uuidSchema } from '@/lib/banqup/schemas';
import { blank } from '../fields';

export const logoStepSchema = z.object({
  logoAssetId: z.union([uuidSchema, blank]).check(z.refine((value) => value !== '', { error: 'Upload a logo' })),
});
export type LogoStepValues = z.infer<typeof logoStepSchema>;
export const logoStepDefaults: LogoStepValues = { logoAssetId: '' };
