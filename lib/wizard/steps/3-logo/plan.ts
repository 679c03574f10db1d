import 'server-only';
import { type StepPlan, hash, missingAsset } from '../plan-kit';
import { logoStepSchema } from './schema';

/** Step 3 sends the logo: one call (PUT v1 logo, multipart). */
export const planLogo: StepPlan = (values, context) => {
  const parsed = logoStepSchema.safeParse(values);
  const asset = parsed.success ? context.assets.get(parsed.data.logoAssetId) : undefined;
  if (!asset) return undefined;
  return [
    {
      key: 'logo',
      label: asset.fileName,
      formField: () => 'logoAssetId',
      fingerprint: hash({ sha256: asset.sha256 }),
      match: { sha256: asset.sha256 },
      async send(client, applicationId, ctx) {
        const bytes = await context.loadAsset(asset.id);
        if (!bytes) return missingAsset();
        return client.putLogo(applicationId, { bytes, fileName: asset.fileName, contentType: asset.contentType }, ctx);
      },
    },
  ];
};
