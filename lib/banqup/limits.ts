/**
 * Upload limits, shared by the dropzone, the step schemas, the server-side upload checks,
 * the sandbox and the tests. Banqup publishes none; these keep uploads reasonable.
 */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
export const MEDIA_MAX_BYTES = 5 * 1024 * 1024;
/** Largest multipart body the sandbox accepts: one file at the limit plus form overhead. */
export const MULTIPART_MAX_BYTES = MEDIA_MAX_BYTES + 64 * 1024;
/** Largest JSON body the sandbox accepts. */
export const JSON_MAX_BYTES = 256 * 1024;

export const IMAGE_CONTENT_TYPES = ['image/svg+xml', 'image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];
