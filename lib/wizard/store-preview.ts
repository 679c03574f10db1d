/**
 * The store preview (steps 2–4 and the summary): what the Banqup Store's listing card and detail
 * view would show for one locale, assembled from step 2's texts, step 3's logo and step 4's media.
 * Plain data in, plain data out: the forms pass what is being typed, the summary what is saved.
 * No zod here: the step forms load this with their first paint (first-load.test.ts).
 */
import { LISTING_LIMITS } from './listing-limits';

export type PreviewTexts = { locale: string; displayName: string; shortDescription: string; description: string };
export type PreviewImage = { id: string; fileName: string };
export type StorePreviewSources = { locales: readonly PreviewTexts[]; logo: PreviewImage | null; media: readonly PreviewImage[] };

/**
 * How much of each text the store shows. Banqup publishes no display lengths: these are the
 * listing limits (DESIGN.md), the lengths app stores commonly show; the preview says so.
 */
export const STORE_DISPLAY_LENGTHS = {
  /** The card's name, and the detail view's (the detail view may show more; it is not known). */
  displayName: LISTING_LIMITS.displayName.warnAbove,
  /** The card's one or two lines under the name. */
  shortDescription: LISTING_LIMITS.shortDescription.warnAbove,
} as const;

export type PreviewField = 'displayName' | 'shortDescription' | 'description';

export type PreviewText = {
  /** The whole text ('' when no locale has one). */
  text: string;
  /** What the store shows: the text, cut with "…" beyond `limit`. */
  shown: string;
  /** The text is longer than the store shows. */
  cut: boolean;
  limit?: number;
  /** The locale the text came from, when the chosen locale has none and another one's is shown. */
  from?: string;
};

export type PreviewMedia = { id: string; position: number; src: string; alt: string; fileName: string };

export type StorePreview = {
  /** The locale shown: the one asked for when it was entered in step 2, else step 2's first. */
  locale: string | undefined;
  /** The locales entered in step 2, in their order, without blanks or repeats. */
  locales: string[];
  displayName: PreviewText;
  shortDescription: PreviewText;
  description: PreviewText;
  logo: { src: string; alt: string } | null;
  media: PreviewMedia[];
  /** Plain sentences for what the store may cut, in this locale. */
  warnings: string[];
};

export const assetSrc = (id: string) => `/api/assets/${id}`;

/** Cuts `text` after `limit` characters (counted as the form's counters count them), ending in "…". */
export function cutText(text: string, limit: number | undefined): { shown: string; cut: boolean } {
  if (limit === undefined || text.length <= limit) return { shown: text, cut: false };
  // Never end on half of a surrogate pair (an emoji).
  const head = text.slice(0, limit).replace(/[\uD800-\uDBFF]$/, '');
  return { shown: `${head.trimEnd()}…`, cut: true };
}

/** The entered locales, in step 2's order: blanks and repeats (in any letter case) left out. */
export function previewLocales(locales: readonly PreviewTexts[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const { locale } of locales) {
    const tag = locale.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

/**
 * One locale's preview. A field left blank in that locale shows the first other locale's text
 * (in step 2's order) that has one, marked with its locale: what the reader sees is then not
 * empty, and the preview says where it came from (Banqup does not document its own fallback).
 */
export function storePreview(sources: StorePreviewSources, wanted?: string): StorePreview {
  const locales = previewLocales(sources.locales);
  const locale = locales.find((tag) => tag.toLowerCase() === wanted?.trim().toLowerCase()) ?? locales[0];
  const entries = sources.locales.filter((entry) => entry.locale.trim() !== '');
  const own = entries.find((entry) => entry.locale.trim().toLowerCase() === locale?.toLowerCase());

  const field = (name: PreviewField, limit?: number): PreviewText => {
    const mine = own?.[name].trim() ? own[name] : '';
    const other = mine ? undefined : entries.find((entry) => entry[name].trim() !== '' && entry.locale.trim().toLowerCase() !== locale?.toLowerCase());
    const text = mine || other?.[name] || '';
    return { text, ...cutText(text, limit), ...(limit !== undefined ? { limit } : {}), ...(other ? { from: other.locale.trim() } : {}) };
  };

  const displayName = field('displayName', STORE_DISPLAY_LENGTHS.displayName);
  const shortDescription = field('shortDescription', STORE_DISPLAY_LENGTHS.shortDescription);
  const description = field('description');
  const appName = displayName.text.trim() || 'the app';
  const warnings: string[] = [];
  if (displayName.cut) {
    warnings.push(`The display name is ${displayName.text.length} characters long: the store may cut it after ${STORE_DISPLAY_LENGTHS.displayName} characters.`);
  }
  if (shortDescription.cut) {
    warnings.push(`The short description is ${shortDescription.text.length} characters long: the store may cut it after ${STORE_DISPLAY_LENGTHS.shortDescription} characters.`);
  }
  if (description.text.length > LISTING_LIMITS.description.warnAbove) {
    warnings.push(`The description is ${description.text.length} characters long: descriptions longer than ${LISTING_LIMITS.description.warnAbove} characters are rarely read in full.`);
  }

  const total = sources.media.length;
  return {
    locale,
    locales,
    displayName,
    shortDescription,
    description,
    logo: sources.logo ? { src: assetSrc(sources.logo.id), alt: `Logo of ${appName}` } : null,
    media: sources.media.map((image, index) => ({
      id: image.id,
      position: index + 1,
      src: assetSrc(image.id),
      alt: `Screenshot ${index + 1} of ${total} of ${appName} (${image.fileName})`,
      fileName: image.fileName,
    })),
    warnings,
  };
}

/**
 * The saved answers of steps 2–4 as the preview reads them, from the drafts as stored (which may
 * be half filled in): step 2's locales, step 3's logo and step 4's media, each resolved against
 * the registration's uploaded files. A file no longer stored is left out.
 */
export function savedPreviewSources(drafts: { info?: unknown; logo?: unknown; media?: unknown }, assets: readonly (PreviewImage & { kind?: string })[]): StorePreviewSources {
  const byId = new Map(assets.map((asset) => [asset.id, asset]));
  const image = (id: unknown): PreviewImage | null => {
    const asset = typeof id === 'string' ? byId.get(id) : undefined;
    return asset ? { id: asset.id, fileName: asset.fileName } : null;
  };
  const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

  const locales = list(record(drafts.info).locales).map((entry) => {
    const e = record(entry);
    return { locale: text(e.locale), displayName: text(e.displayName), shortDescription: text(e.shortDescription), description: text(e.description) };
  });
  const media = list(record(drafts.media).media)
    .map((item) => image(record(item).assetId))
    .filter((item): item is PreviewImage => item !== null);
  return { locales, logo: image(record(drafts.logo).logoAssetId), media };
}
