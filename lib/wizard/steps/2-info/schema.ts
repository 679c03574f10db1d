/** Step 2: the app's name and descriptions, per locale. */
import * as z from 'zod/mini';
import { infoLocalizationRequestSchema } from '@/lib/banqup/schemas';
import { LISTING_LIMITS } from '@/lib/wizard/listing-limits';

export const localeEntrySchema = z.extend(infoLocalizationRequestSchema, {
  displayName: infoLocalizationRequestSchema.shape.displayName.check(
    z.maxLength(LISTING_LIMITS.displayName.hardMax, {
      error: `Display name must be at most ${LISTING_LIMITS.displayName.hardMax} characters`,
    }),
  ),
});
export const infoStepSchema = z.object({
  locales: z.array(localeEntrySchema).check(
    z.minLength(1, { error: 'Add at least one language' }),
    z.superRefine((locales, ctx) => {
      const seen = new Set<string>();
      locales.forEach((entry, index) => {
        const key = entry.locale.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'locale'], message: `${entry.locale} is already in the list` });
        seen.add(key);
      });
    }),
  ),
});
export type InfoStepValues = z.infer<typeof infoStepSchema>;
export const infoStepDefaults: InfoStepValues = {
  locales: [{ locale: 'en-GB', displayName: '', shortDescription: '', description: '' }],
};
