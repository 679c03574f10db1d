/**
 * Recommended listing limits (DESIGN.md): warnings, never errors, except the display name's
 * hard cap in the form. Banqup publishes none; these follow what app stores commonly use.
 */
export const LISTING_LIMITS = {
  displayName: { warnAbove: 30, hardMax: 100 },
  shortDescription: { warnAbove: 80 },
  description: { warnBelow: 160, warnAbove: 4000 },
  logo: { minSide: 512 },
  media: { minCount: 3, minWidth: 1600, minHeight: 900 },
} as const;

export type ListingWarning = { field: string; message: string };

/** Warnings for one locale's texts: each locale is checked on its own. */
export function localeWarnings(entry: { displayName: string; shortDescription: string; description: string }): ListingWarning[] {
  const warnings: ListingWarning[] = [];
  const { displayName, shortDescription, description } = LISTING_LIMITS;
  if (entry.displayName.length > displayName.warnAbove) {
    warnings.push({ field: 'displayName', message: `Display names longer than ${displayName.warnAbove} characters are often cut off.` });
  }
  if (entry.shortDescription.length > shortDescription.warnAbove) {
    warnings.push({ field: 'shortDescription', message: `Short descriptions longer than ${shortDescription.warnAbove} characters are often cut off.` });
  }
  if (entry.description.length > 0 && entry.description.length < description.warnBelow) {
    warnings.push({ field: 'description', message: `Descriptions shorter than ${description.warnBelow} characters say little about the app.` });
  }
  if (entry.description.length > description.warnAbove) {
    warnings.push({ field: 'description', message: `Descriptions longer than ${description.warnAbove} characters are rarely read.` });
  }
  return warnings;
}

/** The most media a listing takes in the wizard (the recipe sets none; the store shows a carousel). */
export const MAX_MEDIA_ITEMS = 12;
