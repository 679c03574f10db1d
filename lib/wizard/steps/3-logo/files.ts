import type { StepFiles } from '../index';

/** Step 3's file: the logo asset its values name (a next version copies it and names the copy). */
export const logoFiles: StepFiles = {
  ids: (values) => (typeof values.logoAssetId === 'string' && values.logoAssetId !== '' ? [values.logoAssetId] : []),
  remap: (values, ids) => (typeof values.logoAssetId === 'string' ? { ...values, logoAssetId: ids.get(values.logoAssetId) ?? '' } : values),
};
