/** Step 6: the segments of the space types chosen in step 5. */
import * as z from 'zod/mini';
import { SPACE_SEGMENTS, segmentsForSpaceTypes, type SpaceType } from '@/lib/banqup/schemas';
import { uniqueList } from '../fields';

export const spaceSegmentsStepSchema = z.object({
  spaceSegments: uniqueList(z.enum(SPACE_SEGMENTS), 'space segment').check(
    z.refine((list) => !list.includes('ALL') || list.length === 1, {
      error: 'ALL already covers every segment: choose ALL or a list of segments',
    }),
  ),
});
export type SpaceSegmentsStepValues = z.infer<typeof spaceSegmentsStepSchema>;
export const spaceSegmentsStepDefaults: SpaceSegmentsStepValues = { spaceSegments: ['ALL'] };

/** The message for segments the saved space types do not allow: the form and the server say the same. */
export const segmentsOutsideTypesMessage = (allowed: readonly string[]) => `Choose among the segments of your space types: ${allowed.join(', ')}`;

/**
 * Step 6 with its cross-step context: only the segments the recipe's table allows for the
 * space types saved in step 5 (the registry gives it to the form and to the server action).
 */
export function spaceSegmentsSchemaFor(spaceTypes: readonly SpaceType[]) {
  const allowed = segmentsForSpaceTypes(spaceTypes);
  return spaceSegmentsStepSchema.check(
    z.refine((values) => values.spaceSegments.every((segment) => allowed.includes(segment)), {
      error: segmentsOutsideTypesMessage(allowed),
      path: ['spaceSegments'],
    }),
  );
}
