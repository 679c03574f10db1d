// Types for svg-sanitize.mjs (plain JavaScript so that Node can load it in a worker thread as is).

export type SvgSanitizeResult = { ok: true; svg: string; removed: string[] } | { ok: false; reason: string };

/** The bounds an SVG must stay within (the app's are in lib/banqup/limits.ts). */
export type SvgLimits = {
  /** UTF-8 bytes of the text. */
  maxBytes: number;
  maxElements: number;
  /** All elements' attributes together. */
  maxAttributes: number;
  /** Comments, CDATA sections and processing instructions together. */
  maxComments: number;
  /** Nesting depth; the root element is level 1. */
  maxDepth: number;
};

/** Counts elements, attributes and nesting on the raw text; returns a refusal naming the limit, or undefined. */
export declare function checkSvgStructure(text: string, limits: SvgLimits): string | undefined;

/** Sanitizes synchronously, on the calling thread. The app uses sanitizeSvg (svg.ts), which runs this in a worker. */
export declare function sanitizeSvgText(text: string, limits: SvgLimits): SvgSanitizeResult;
