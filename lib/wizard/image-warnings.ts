/**
 * What the store may show badly about an uploaded image: the logo and media steps say it under
 * each file, and the readiness checklist counts it. One place, so the two cannot disagree.
 * Plain module (no zod): the step pages load it with their first JavaScript.
 */
import { LISTING_LIMITS } from './listing-limits';

/** An uploaded image as far as these checks need it (an SVG has no pixel size that matters). */
export type ImageFacts = { contentType: string; width: number | null; height: number | null };

/** `kind` names the check (the checklist's ids are `logo-<kind>`, `media-<kind>`); `sentence` says it under the file. */
export type ImageWarning = { kind: 'square' | 'size' | 'shape'; sentence: string };

export function logoWarnings(image: ImageFacts): ImageWarning[] {
  const warnings: ImageWarning[] = [];
  const { width, height } = image;
  if (width && height && width !== height) warnings.push({ kind: 'square', sentence: `It is ${width}×${height}: store logos are square.` });
  if (image.contentType !== 'image/svg+xml' && width !== null && height !== null && Math.min(width, height) < LISTING_LIMITS.logo.minSide) {
    warnings.push({ kind: 'size', sentence: `It is smaller than ${LISTING_LIMITS.logo.minSide}×${LISTING_LIMITS.logo.minSide}: it may look blurry.` });
  }
  return warnings;
}

export function mediaWarnings(image: ImageFacts): ImageWarning[] {
  const { width, height } = image;
  if (image.contentType === 'image/svg+xml' || !width || !height) return [];
  const warnings: ImageWarning[] = [];
  const ratio = width / height;
  if (Math.abs(ratio - 16 / 9) > 0.02 && Math.abs(ratio - 16 / 10) > 0.02) warnings.push({ kind: 'shape', sentence: 'It is not 16:9 or 16:10, the shapes the store shows.' });
  if (width < LISTING_LIMITS.media.minWidth || height < LISTING_LIMITS.media.minHeight) {
    warnings.push({ kind: 'size', sentence: `It is smaller than ${LISTING_LIMITS.media.minWidth}×${LISTING_LIMITS.media.minHeight}, the recommended minimum: it may look blurry.` });
  }
  return warnings;
}
