import type { ReadinessInput, ReadinessItem } from '@/lib/registration/readiness';
import { LISTING_LIMITS } from '@/lib/wizard/listing-limits';
import { mediaWarnings, type ImageWarning } from '@/lib/wizard/image-warnings';
import { counted } from '@/lib/text';

/** Step 4's readiness: at least one screenshot, and the media step's own warnings. */
export function mediaChecks(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);
  if (input.media.length === 0) add({ id: 'media', level: 'error', label: 'No media', detail: 'Upload at least one screenshot.', step: 4 });
  else add({ id: 'media', level: 'ok', label: `${counted(input.media.length, 'media item')}`, step: 4 });
  if (input.media.length > 0 && input.media.length < LISTING_LIMITS.media.minCount) {
    add({ id: 'media-count', level: 'warning', label: `Fewer than ${LISTING_LIMITS.media.minCount} screenshots`, step: 4 });
  }
  const mediaWarned = (kind: ImageWarning['kind']) => input.media.filter((image) => mediaWarnings(image).some((warning) => warning.kind === kind)).length;
  const smallMedia = mediaWarned('size');
  if (smallMedia) {
    add({ id: 'media-size', level: 'warning', label: `${counted(smallMedia, 'screenshot')} smaller than ${LISTING_LIMITS.media.minWidth}×${LISTING_LIMITS.media.minHeight}`, detail: 'They may look blurry.', step: 4 });
  }
  const misshapen = mediaWarned('shape');
  if (misshapen) {
    add({ id: 'media-shape', level: 'warning', label: `${counted(misshapen, 'screenshot')} not 16:9 or 16:10`, detail: 'Those are the shapes the store shows; how it shows others is not documented, so check them in the store.', step: 4 });
  }
  return items;
}
