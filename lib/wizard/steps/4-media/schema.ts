/** Step 4: the screenshots, in display order, uploaded first and kept by the wizard as assets. */
import * as z from 'zod/mini';
import { uuidSchema } from '@/lib/banqup/schemas';
import { MAX_MEDIA_ITEMS } from '@/lib/wizard/listing-limits';

export const mediaStepSchema = z.object({
  media: z
    .array(z.object({ assetId: uuidSchema }))
    .check(z.minLength(1, { error: 'Upload at least one image' }), z.maxLength(MAX_MEDIA_ITEMS, { error: `At most ${MAX_MEDIA_ITEMS} images` })),
});
export type MediaStepValues = z.infer<typeof mediaStepSchema>;
export const mediaStepDefaults: MediaStepValues = { media: [] };
