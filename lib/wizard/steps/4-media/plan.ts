import 'server-only';
import type { AssetMeta } from '@/lib/registration/repository';
import { type StepPlan, hash, missingAsset } from '../plan-kit';
import { mediaStepSchema } from './schema';

/** Step 4 sends the screenshots: one call per image, in display order (POST v1 medias, multipart). */
export const planMedia: StepPlan = (values, context) => {
  const parsed = mediaStepSchema.safeParse(values);
  if (!parsed.success) return undefined;
  const assets = parsed.data.media.map((item) => context.assets.get(item.assetId));
  if (assets.some((asset) => asset === undefined)) return undefined;
  return assets.map((asset, index) => {
    const media = asset as AssetMeta;
    const displayOrder = index + 1;
    return {
      // NOTE: keyed by position: displayOrder follows the order. Banqup has no reorder call,
      // so a reorder after sending creates new media (the plan asks to confirm it).
      key: `media:${displayOrder}`,
      label: `#${displayOrder} ${media.fileName}`,
      formField: () => 'media',
      fingerprint: hash({ sha256: media.sha256, displayOrder }),
      match: { displayOrder, sha256: media.sha256 },
      async send(client, applicationId, ctx) {
        const bytes = await context.loadAsset(media.id);
        if (!bytes) return missingAsset();
        return client.addMedia(applicationId, { bytes, fileName: media.fileName, contentType: media.contentType }, { displayOrder, mediaType: 'IMAGE' }, ctx);
      },
    };
  });
};
