import { createHash } from 'node:crypto';
import { LOGO_MAX_BYTES, MEDIA_MAX_BYTES, type ImageContentType } from '@/lib/banqup/limits';
import { imageDimensions } from './dimensions';
import { sniffImageType } from './sniff';
import { sanitizeSvg } from './svg';

/** Above this many pixels a raster image is refused: a decompression bomb, or far too big for a listing. */
export const MAX_PIXELS = 40_000_000;

export const UPLOAD_LIMITS = { logo: LOGO_MAX_BYTES, media: MEDIA_MAX_BYTES } as const;
export type UploadKind = keyof typeof UPLOAD_LIMITS;

export type InspectedImage = {
  bytes: Uint8Array;
  contentType: ImageContentType;
  width: number | null;
  height: number | null;
  sha256: string;
  /** What SVG sanitising removed (empty when nothing was). */
  removed: string[];
};

export type InspectResult = { ok: true; image: InspectedImage } | { ok: false; status: 400 | 413 | 415 | 422 | 503; message: string };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;

/**
 * Checks an uploaded file, in order: size, type by its content (magic bytes; never its name
 * or declared type), SVG sanitised (in a worker thread, under a time limit: see svg.ts),
 * dimensions read (refusing a decompression bomb).
 */
export async function inspectImage(bytes: Uint8Array, kind: UploadKind): Promise<InspectResult> {
  const limit = UPLOAD_LIMITS[kind];
  if (bytes.byteLength === 0) return { ok: false, status: 400, message: 'The file is empty.' };
  if (bytes.byteLength > limit) return { ok: false, status: 413, message: `The file is ${megabytes(bytes.byteLength)}; the limit is ${megabytes(limit)}.` };

  const contentType = sniffImageType(bytes);
  if (!contentType) {
    return { ok: false, status: 415, message: 'This is not an SVG, PNG, JPEG or WebP image (its content decides, not its name).' };
  }

  let content = bytes;
  let removed: string[] = [];
  if (contentType === 'image/svg+xml') {
    const sanitized = await sanitizeSvg(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    if (!sanitized.ok && sanitized.temporary) return { ok: false, status: 503, message: sanitized.reason };
    if (!sanitized.ok) return { ok: false, status: 422, message: `This SVG cannot be used: ${sanitized.reason}` };
    content = new TextEncoder().encode(sanitized.svg);
    removed = sanitized.removed;
  }

  const dimensions = imageDimensions(content, contentType);
  if (!dimensions && contentType !== 'image/svg+xml') {
    return { ok: false, status: 422, message: 'The image’s dimensions cannot be read: the file looks damaged.' };
  }
  if (dimensions && contentType !== 'image/svg+xml' && dimensions.width * dimensions.height > MAX_PIXELS) {
    return { ok: false, status: 422, message: `The image is ${dimensions.width}×${dimensions.height} pixels: far larger than a store listing needs.` };
  }
  if (dimensions && (dimensions.width === 0 || dimensions.height === 0)) {
    return { ok: false, status: 422, message: 'The image has no width or height.' };
  }
  return {
    ok: true,
    image: {
      bytes: content,
      contentType,
      width: dimensions?.width ?? null,
      height: dimensions?.height ?? null,
      sha256: createHash('sha256').update(content).digest('hex'),
      removed,
    },
  };
}
