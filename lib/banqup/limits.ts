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

// Bounds on an uploaded SVG, checked on its raw text (a linear scan) before any XML parser
// sees it, because parsing and cleaning cost time per element and per attribute: without them
// one 700 KB file of 80,000 empty elements kept the server busy for minutes. A complex real
// logo or illustration has a few thousand elements, two or three attributes each, a few
// comments, and groups nested a few dozen levels at most; these limits are several times that,
// and keep the worst file within them to a few hundred milliseconds of work.
/** The largest SVG text accepted, in UTF-8 bytes (below LOGO_MAX_BYTES and MEDIA_MAX_BYTES). */
export const SVG_MAX_BYTES = 2 * 1024 * 1024;
/** Elements (start or empty tags) in one SVG. */
export const SVG_MAX_ELEMENTS = 20_000;
/** Attributes in one SVG, all elements together (namespace declarations included). */
export const SVG_MAX_ATTRIBUTES = 50_000;
/** Comments, CDATA sections and processing instructions in one SVG, together: editors write a few. */
export const SVG_MAX_COMMENTS = 10_000;
/** How deep elements may nest (the root <svg> is level 1). */
export const SVG_MAX_DEPTH = 256;
/**
 * Time for checking and cleaning one SVG, in its worker thread, before the worker is stopped and
 * the file refused. The worst file within the limits above takes a few hundred milliseconds; the
 * rest is room for a busy machine.
 */
export const SVG_SANITIZE_TIMEOUT_MS = 2_000;

export const IMAGE_CONTENT_TYPES = ['image/svg+xml', 'image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];
