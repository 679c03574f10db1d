import type { StepFiles } from '../index';

const assetIdOf = (item: unknown) => (item as { assetId?: unknown } | null)?.assetId;

/** Step 4's files: the media assets its values name, in display order (a next version copies them and names the copies). */
export const mediaFiles: StepFiles = {
  ids: (values) => (Array.isArray(values.media) ? values.media.flatMap((item: unknown) => (typeof assetIdOf(item) === 'string' ? [assetIdOf(item) as string] : [])) : []),
  remap: (values, ids) => {
    if (!Array.isArray(values.media)) return values;
    return {
      ...values,
      media: values.media.flatMap((item: unknown) => {
        const assetId = assetIdOf(item);
        const copy = typeof assetId === 'string' ? ids.get(assetId) : undefined;
        return copy ? [{ ...(item as Record<string, unknown>), assetId: copy }] : [];
      }),
    };
  },
};
