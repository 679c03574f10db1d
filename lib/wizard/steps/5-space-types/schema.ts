/** Step 5: the space types the app is for. */
import * as z from 'zod/mini';
import { SPACE_TYPES, type SpaceType } from '@/lib/banqup/schemas';
import { uniqueList } from '../fields';

export const spaceTypesStepSchema = z.object({ spaceTypes: uniqueList(z.enum(SPACE_TYPES), 'space type') });
export type SpaceTypesStepValues = z.infer<typeof spaceTypesStepSchema>;
export const spaceTypesStepDefaults: SpaceTypesStepValues = { spaceTypes: [] };

/** Space types as a saved step 5 draft holds them (whatever it holds): step 6's context. */
export function savedSpaceTypes(draft: unknown): SpaceType[] {
  const list = (draft as { spaceTypes?: unknown } | null)?.spaceTypes;
  return Array.isArray(list) ? list.filter((type): type is SpaceType => (SPACE_TYPES as readonly unknown[]).includes(type)) : [];
}
