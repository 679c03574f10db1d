/** Step 7: the Banqup brand the app is listed under. */
import * as z from 'zod/mini';
import { brandRequestSchema } from '@/lib/banqup/schemas';

export const brandStepSchema = z.object({ brandName: brandRequestSchema.shape.brandName });
export type BrandStepValues = z.infer<typeof brandStepSchema>;
// Empty until chosen: not a brand, so the type is asserted.
export const brandStepDefaults = { brandName: '' } as unknown as BrandStepValues;
