import { DOMParser, ParseError, XMLSerializer, type Attr, type Element, type Node } from '@xmldom/xmldom';

/**
 * SVG sanitizer for uploaded logos and screenshots.
 *
 * Uploaded SVGs are shown to reviewers and forwarded to a third-party API, so an SVG must not be
 * able to run script, load anything from the network or expand entities. The approach is:
 *
 * 1. refuse outright what cannot be made safe by deleting parts (DOCTYPE/ENTITY declarations,
 *    non-XML text, a root that is not <svg>, oversized input);
 * 2. parse with xmldom and walk the tree with an ALLOWLIST of elements — everything unknown goes,
 *    subtree included, so new or exotic features are dropped rather than let through;
 * 3. filter attributes (event handlers, foreign namespaces, references to anything outside the
 *    document, script URLs, CSS that can fetch or execute);
 * 4. serialize again, so the stored text is what was checked, not the original bytes.
 *
 * Comments are removed silently and are NOT listed in `removed`: they are inert, nearly every
 * editor writes them ("Generator: Adobe Illustrator …"), and listing them would make every
 * upload look suspicious. The XML declaration is dropped silently too: the output is a string that
 * will be re-encoded, so an `encoding="…"` it carried could become false.
 */

export type SvgSanitizeResult = { ok: true; svg: string; removed: string[] } | { ok: false; reason: string };

/** Upload limit for SVG text, counted in UTF-8 bytes. */
const MAX_SVG_BYTES = 2 * 1024 * 1024;

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

// DOM node types (numeric so we do not depend on a runtime `Node` global).
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;

/**
 * Elements that only draw, group, or define paint servers/filters. Deliberately absent:
 * script, style, foreignObject (can embed HTML), a (navigation), animate/set/animateMotion/
 * animateTransform (can set href to javascript: at runtime), feImage (fetches images), iframe,
 * embed, object, handler, listener, and anything in a non-SVG namespace. `switch` is a plain
 * container that editors emit and is kept so such files do not lose their content.
 */
const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'metadata', 'switch',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern', 'image', 'marker',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood',
  'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feMerge', 'feMergeNode',
  'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile',
  'feTurbulence',
]);

/** Only these xml: attributes mean anything harmless; xml:base could re-point `#id` references. */
const ALLOWED_XML_ATTRIBUTES: ReadonlySet<string> = new Set(['space', 'lang']);

/**
 * Removes what browsers (and URL parsers) ignore inside a scheme, so `java\tscript:` or
 * ` JAVASCRIPT:` compare equal to `javascript:`: ASCII whitespace, C0/C1 controls and the
 * usual invisible Unicode spaces.
 */
function normalizeForMatching(value: string): string {
  return value.replace(/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2060\ufeff]/g, '').toLowerCase();
}

/** A same-document reference: `#` followed by an XML-name-like id, nothing that could be a URL. */
const FRAGMENT_REF = /^#[\p{L}_][\p{L}\p{N}_.:-]*$/u;

/** Raster images embedded as base64 are the only non-fragment href kept, and only on <image>. */
const RASTER_DATA_URL = /^data:image\/(?:png|jpeg|webp);base64,[a-z0-9+/=\s]+$/i;

/** CSS functions that make the browser fetch something. url() is handled separately (#id is allowed). */
const FETCHING_CSS_FUNCTIONS = ['image-set(', 'image(', 'cross-fade(', 'src('];

/** Substrings that make a `style` attribute unsafe (matched on the normalized value). */
const UNSAFE_STYLE_MARKERS = ['url(', 'expression(', '@import', 'javascript:', 'vbscript:', 'behavior', '-moz-binding', '\\', ...FETCHING_CSS_FUNCTIONS];

/**
 * True when every url(…) in the (normalized) value points at a same-document fragment.
 * A url( without a closing parenthesis counts as unsafe: we do not guess how a CSS parser
 * would recover.
 */
function urlsAreFragmentsOnly(normalized: string): boolean {
  let from = 0;
  for (;;) {
    const start = normalized.indexOf('url(', from);
    if (start === -1) return true;
    const end = normalized.indexOf(')', start + 4);
    if (end === -1) return false;
    const target = normalized.slice(start + 4, end).replace(/^(['"])(.*)\1$/, '$2');
    if (!FRAGMENT_REF.test(target)) return false;
    from = end + 1;
  }
}

/**
 * Decides about one attribute. Returns a human description when it must be removed,
 * undefined when it may stay.
 */
function attributeProblem(attr: Attr, element: Element): string | undefined {
  const on = `on <${element.nodeName}>`;
  const ns = attr.namespaceURI;
  const local = attr.localName ?? attr.name;

  // Namespace declarations only bind prefixes; they never fetch or execute anything.
  if (ns === XMLNS_NS) return undefined;
  if (ns !== null && ns !== XLINK_NS && ns !== XML_NS) return `${attr.name} attribute ${on}`;
  if (ns === XML_NS && !ALLOWED_XML_ATTRIBUTES.has(local)) return `${attr.name} attribute ${on}`;

  if (local.toLowerCase().startsWith('on')) return `${attr.name} attribute ${on}`;

  const normalized = normalizeForMatching(attr.value);
  const isScriptUrl = normalized.startsWith('javascript:') || normalized.startsWith('vbscript:');

  if (local === 'href' && (ns === null || ns === XLINK_NS)) {
    const trimmed = attr.value.trim();
    if (FRAGMENT_REF.test(trimmed)) return undefined;
    if (element.localName === 'image' && RASTER_DATA_URL.test(trimmed)) return undefined;
    if (isScriptUrl) return `script URL in ${attr.name} ${on}`;
    if (normalized.startsWith('data:')) return `disallowed data: URL in ${attr.name} ${on}`;
    return `external ${attr.name} ${on}`;
  }

  if (local === 'style' && ns === null) {
    return UNSAFE_STYLE_MARKERS.some((marker) => normalized.includes(marker)) ? `unsafe style attribute ${on}` : undefined;
  }

  if (isScriptUrl) return `script URL in ${attr.name} attribute ${on}`;
  // Presentation attributes (fill, mask, filter, cursor, …) are parsed as CSS values.
  if (!urlsAreFragmentsOnly(normalized) || FETCHING_CSS_FUNCTIONS.some((fn) => normalized.includes(fn))) {
    return `external reference in ${attr.name} attribute ${on}`;
  }
  // A CSS escape can spell a function name (`\75 rl(` is `url(`) past the checks above.
  if (normalized.includes('\\') && normalized.includes('(')) return `CSS escape in ${attr.name} attribute ${on}`;
  return undefined;
}

function isAllowedElement(element: Element): boolean {
  const ns = element.namespaceURI;
  return (ns === SVG_NS || ns === null) && ALLOWED_ELEMENTS.has(element.localName ?? element.nodeName);
}

/** Removes disallowed attributes of one element, recording what went. */
function sanitizeAttributes(element: Element, removed: Set<string>): void {
  // Copy first: removing from the live NamedNodeMap while iterating it would skip entries.
  for (const attr of Array.from(element.attributes)) {
    const problem = attributeProblem(attr, element);
    if (problem !== undefined) {
      element.removeAttributeNode(attr);
      removed.add(problem);
    }
  }
}

/**
 * Walks the subtree under `root` in document order (pre-order, iteratively so deep nesting
 * cannot overflow the call stack), removing disallowed nodes and attributes in place.
 */
function sanitizeTree(root: Element, removed: Set<string>): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.nodeType) {
      case ELEMENT_NODE: {
        const element = node as Element;
        if (!isAllowedElement(element)) {
          // The whole subtree goes, including any text/CDATA (e.g. a script body) inside it.
          element.parentNode?.removeChild(element);
          // Name the namespace when the local name alone would look harmless (<g xmlns="urn:x">).
          const foreign = element.namespaceURI !== SVG_NS && element.namespaceURI !== null && element.prefix === null;
          removed.add(`<${element.nodeName}> element${foreign ? ` in namespace ${element.namespaceURI}` : ''}`);
          break;
        }
        sanitizeAttributes(element, removed);
        // Push in reverse so children are visited first-to-last.
        const children = Array.from(element.childNodes);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
        break;
      }
      case TEXT_NODE:
      case CDATA_SECTION_NODE:
        // Character data in allowed elements is inert (no <script>/<style> survives to interpret it).
        break;
      case COMMENT_NODE:
        // Removed silently; see the module comment.
        node.parentNode?.removeChild(node);
        break;
      case PROCESSING_INSTRUCTION_NODE:
        node.parentNode?.removeChild(node);
        removed.add(`<?${node.nodeName}?> processing instruction`);
        break;
      default:
        // Entity references or anything else unexpected: not worth keeping.
        node.parentNode?.removeChild(node);
        removed.add(`${node.nodeName} node`);
    }
  }
}

/** Characters outside the XML 1.0 Char production (xmldom accepts some via character references). */
const NON_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Parses with xmldom, turning every error (and every warning but one benign one) into a refusal. */
function parseSvg(text: string): { ok: true; root: Element; topLevel: Node[] } | { ok: false; reason: string } {
  const parser = new DOMParser({
    locator: false,
    onError(level, message) {
      // A U+FFFD in the text means the upload was decoded with the wrong charset: ugly, not unsafe.
      if (level === 'warning' && message.startsWith('Unicode replacement character')) return;
      // Throwing stops xmldom immediately; it rethrows as ParseError.
      throw new Error(message);
    },
  });
  try {
    const doc = parser.parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    if (!root) return { ok: false, reason: 'The file is not a well-formed XML document.' };
    return { ok: true, root, topLevel: Array.from(doc.childNodes) };
  } catch (error) {
    const detail = error instanceof ParseError || error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `The file is not a well-formed XML document (${detail.split('\n')[0]}).` };
  }
}

/**
 * Sanitizes an uploaded SVG. On success `svg` is freshly serialized XML whose root is <svg>
 * and `removed` lists, once each and in document order, what was taken out.
 */
export function sanitizeSvg(text: string): SvgSanitizeResult {
  // Cheap bound first: UTF-8 never uses fewer bytes than UTF-16 code units.
  if (text.length > MAX_SVG_BYTES || utf8Length(text) > MAX_SVG_BYTES) {
    return { ok: false, reason: 'The SVG file is larger than 2 MiB.' };
  }
  // Checked on the raw text, before any parser sees it, so no entity is ever defined or expanded.
  if (/<!DOCTYPE/i.test(text)) {
    return { ok: false, reason: 'SVG files with a DOCTYPE declaration are not accepted, because a DOCTYPE can define entities.' };
  }
  if (/<!ENTITY/i.test(text)) {
    return { ok: false, reason: 'SVG files with an ENTITY declaration are not accepted.' };
  }

  // A byte-order mark or leading whitespace is harmless but makes xmldom reject the XML declaration.
  const parsed = parseSvg(text.replace(/^\uFEFF/, '').trimStart());
  if (!parsed.ok) return parsed;
  const { root, topLevel } = parsed;

  if (root.localName !== 'svg' || (root.namespaceURI !== SVG_NS && root.namespaceURI !== null)) {
    return { ok: false, reason: `The root element is <${root.nodeName}>, but an SVG image must have <svg> as its root element.` };
  }

  const removed = new Set<string>();
  // Nodes before/after the root are not serialized (only the root is); report the ones that matter.
  // e.g. <?xml-stylesheet href="…"?> would load CSS. The XML declaration itself is not reported.
  for (const node of topLevel) {
    if (node === root) {
      sanitizeTree(root, removed);
    } else if (node.nodeType === PROCESSING_INSTRUCTION_NODE && node.nodeName.toLowerCase() !== 'xml') {
      removed.add(`<?${node.nodeName}?> processing instruction`);
    }
  }

  let svg: string;
  try {
    svg = new XMLSerializer().serializeToString(root);
  } catch {
    return { ok: false, reason: 'The SVG could not be serialized again after cleaning.' };
  }
  // xmldom lets character references such as &#1; through; such output would not be well-formed.
  if (NON_XML_CHARS.test(svg)) {
    return { ok: false, reason: 'The SVG contains characters that XML does not allow (control characters or broken surrogates).' };
  }
  return { ok: true, svg, removed: [...removed] };
}
