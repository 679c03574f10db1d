import 'server-only';
import { createHash } from 'node:crypto';
import type { BanqupClient, BanqupResult, CallContext } from '@/lib/banqup';
import type { AssetMeta } from '@/lib/registration/repository';
import { countryName } from '@/lib/banqup/countries';
import {
  brandStepSchema,
  infoStepSchema,
  locationsStepSchema,
  logoStepSchema,
  mediaStepSchema,
  spaceSegmentsStepSchema,
  spaceTypesStepSchema,
  versionStepSchema,
} from './step-schemas';
import { toVersionRequest } from './manifest-values';

/** The version request of step 9 (manifest-values.ts: the step's JSON preview builds it the same way). */
export { toVersionRequest };

/**
 * What a step sends to Banqup: one item per API call (a locale, a media file, a country...).
 * Each item has a stable key, so the wizard knows which calls were made, which changed since,
 * and after a partial failure resends only what failed.
 */
export type PlannedItem = {
  key: string;
  label: string;
  /** Where an API field error for this item lands in the step's form (a form field path). */
  formField(apiField: string): string;
  /** What is sent (secrets as a hash): compared with what was sent before. */
  fingerprint: string;
  /** What identifies the item in Banqup's read of the application, to settle an unknown outcome. */
  match: Record<string, unknown>;
  send(client: BanqupClient, applicationId: string, context: CallContext): Promise<BanqupResult<unknown>>;
};

export type PlanContext = {
  assets: ReadonlyMap<string, AssetMeta>;
  loadAsset(id: string): Promise<Uint8Array | undefined>;
  authorizationHeader: string | undefined;
};

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

const missingAsset = (): BanqupResult<unknown> => ({
  ok: false,
  error: { kind: 'config', status: null, title: 'File missing', detail: 'The uploaded file is no longer stored. Upload it again.', fieldErrors: {}, retryable: false },
});

/** Maps a field of the versions request body onto step 9's form. */
export function versionFormField(apiField: string): string {
  return apiField
    .replace(/^manifest\.accessManagement\.permissions/, 'permissions')
    .replace(/^manifest\.appCallbacks\.security\.authorizationHeader$/, 'authorizationHeader')
    .replace(/^manifest\./, '');
}

/**
 * The items of a step, from its saved values. Returns undefined when the values do not
 * (yet) pass the step's schema: such a draft cannot be sent.
 */
export function planStep(step: number, values: unknown, context: PlanContext): PlannedItem[] | undefined {
  switch (step) {
    case 2: {
      const parsed = infoStepSchema.safeParse(values);
      if (!parsed.success) return undefined;
      return parsed.data.locales.map((entry, index) => ({
        key: `locale:${entry.locale}`,
        label: entry.locale,
        formField: (field) => `locales.${index}.${field}`,
        fingerprint: hash(entry),
        match: { ...entry },
        send: (client, applicationId, ctx) => client.addInfoLocalization(applicationId, entry, ctx),
      }));
    }
    case 3: {
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
    }
    case 4: {
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
    }
    case 5: {
      const parsed = spaceTypesStepSchema.safeParse(values);
      if (!parsed.success) return undefined;
      return parsed.data.spaceTypes.map((spaceType) => ({
        key: `spaceType:${spaceType}`,
        label: spaceType,
        formField: () => 'spaceTypes',
        fingerprint: hash({ spaceType }),
        match: { spaceType },
        send: (client, applicationId, ctx) => client.addSpaceType(applicationId, { spaceType }, ctx),
      }));
    }
    case 6: {
      const parsed = spaceSegmentsStepSchema.safeParse(values);
      if (!parsed.success) return undefined;
      return parsed.data.spaceSegments.map((spaceSegment) => ({
        key: `spaceSegment:${spaceSegment}`,
        label: spaceSegment,
        formField: () => 'spaceSegments',
        fingerprint: hash({ spaceSegment }),
        match: { spaceSegment },
        send: (client, applicationId, ctx) => client.addSpaceSegment(applicationId, { spaceSegment }, ctx),
      }));
    }
    case 7: {
      const parsed = brandStepSchema.safeParse(values);
      if (!parsed.success) return undefined;
      const { brandName } = parsed.data;
      return [
        {
          key: 'brand',
          label: brandName,
          formField: () => 'brandName',
          fingerprint: hash({ brandName }),
          match: { brandName },
          send: (client, applicationId, ctx) => client.addBrand(applicationId, { brandName }, ctx),
        },
      ];
    }
    case 8: {
      const parsed = locationsStepSchema.safeParse(values);
      if (!parsed.success) return undefined;
      return parsed.data.countries.map((countryCode) => ({
        key: `location:${countryCode}`,
        label: `${countryName(countryCode)} (${countryCode})`,
        formField: () => 'countries',
        fingerprint: hash({ countryCode, status: 'ACTIVE' }),
        match: { countryCode },
        send: (client, applicationId, ctx) => client.addLocation(applicationId, { countryCode, status: 'ACTIVE' }, ctx),
      }));
    }
    case 9: {
      const parsed = versionStepSchema.safeParse(values);
      if (!parsed.success) return undefined;
      const body = toVersionRequest(parsed.data, context.authorizationHeader);
      return [
        {
          key: `version:${parsed.data.version}`,
          label: `version ${parsed.data.version}`,
          formField: versionFormField,
          fingerprint: hash(body),
          match: { version: parsed.data.version },
          send: (client, applicationId, ctx) => client.addVersion(applicationId, body, ctx),
        },
      ];
    }
    default:
      return undefined;
  }
}
