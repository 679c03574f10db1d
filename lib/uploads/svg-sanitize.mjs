/**
 * SVG sanitizer for uploaded logos and screenshots: the code that runs in the worker thread
 * (svg-worker.mjs); the app calls it through sanitizeSvg in svg.ts, never on the request thread.
 *
 * Plain JavaScript on purpose: Node loads the worker and this file from the project directory
 * at run time, without webpack or a TypeScript loader. Types: svg-sanitize.d.mts.
 *
 * Uploaded SVGs are shown to reviewers and forwarded to a third-party API, so an SVG must not be
 * able to run script, load anything from the network or expand entities. The approach is:
 *
 * 1. refuse outright what cannot be made safe by deleting parts (DOCTYPE/ENTITY declarations,
 *    non-XML text, a root that is not <svg>, oversized input, too many elements, attributes or
 *    comments, too deep a nesting — the last four counted on the raw text, before parsing);
 * 2. parse with xmldom and COPY into a new document only what an ALLOWLIST of elements keeps —
 *    everything unknown is left behind, subtree included, so new or exotic features are dropped
 *    rather than let through. Copying is linear; removing from xmldom's live lists one node at a
 *    time was quadratic;
 * 3. copy only the attributes that pass the filter (event handlers, foreign namespaces,
 *    references to anything outside the document, script URLs, CSS that can fetch or execute
 *    are left behind);
 * 4. serialize the copy, so the stored text is what was checked, not the original bytes.
 *
 * Comments are removed silently and are NOT listed in `removed`: they are inert, nearly every
 * editor writes them ("Generator: Adobe Illustrator …"), and listing them would make every
 * upload look suspicious. The XML declaration is dropped silently too: the output is a string that
 * will be re-encoded, so an `encoding="…"` it carried could become false.
 */
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';

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
const ALLOWED_ELEMENTS = new Set([
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
const ALLOWED_XML_ATTRIBUTES = new Set(['space', 'lang']);

/**
 * Removes what browsers (and URL parsers) ignore inside a scheme, so `java\tscript:` or
 * ` JAVASCRIPT:` compare equal to `javascript:`: ASCII whitespace, C0/C1 controls and the
 * usual invisible Unicode spaces.
 * @param {string} value
 */
function normalizeForMatching(value) {
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
 * @param {string} normalized
 */
function urlsAreFragmentsOnly(normalized) {
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
 * @param {import('@xmldom/xmldom').Attr} attr
 * @param {import('@xmldom/xmldom').Element} element
 * @returns {string | undefined}
 */
function attributeProblem(attr, element) {
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

/** @param {import('@xmldom/xmldom').Element} element */
function isAllowedElement(element) {
  const ns = element.namespaceURI;
  return (ns === SVG_NS || ns === null) && ALLOWED_ELEMENTS.has(element.localName ?? element.nodeName);
}

/** @param {number} n */
const count = (n) => n.toLocaleString('en-US');

/** Refusals that name the limit, shared by the scan of the text and the walk of the tree. */
const tooMany = {
  /** @param {number} max */
  elements: (max) => `The SVG has more than ${count(max)} elements; simplify it or upload a PNG.`,
  /** @param {number} max */
  attributes: (max) => `The SVG has more than ${count(max)} attributes; simplify it or upload a PNG.`,
  /** @param {number} max */
  depth: (max) => `The SVG nests elements more than ${count(max)} levels deep; simplify it or upload a PNG.`,
  /** @param {number} max */
  comments: (max) => `The SVG has more than ${count(max)} comments, CDATA sections and processing instructions; simplify it or upload a PNG.`,
};

/**
 * A linear scan of the raw text that counts elements, attributes and comments and tracks
 * nesting, so an over-large tree is refused before xmldom spends time (and memory) building it.
 * It follows XML's lexical structure just enough to count well: comments, CDATA sections and
 * processing instructions are counted and skipped whole, quoted attribute values are skipped
 * whole (they may hold `>` or `=`), every `=` outside quotes in a tag is one attribute.
 * Malformed text is left to the parser to refuse; the same limits are checked again on the
 * parsed tree.
 *
 * @param {string} text
 * @param {import('./svg-sanitize.mjs').SvgLimits} limits
 * @returns {string | undefined} the refusal, or undefined when the text is within the limits
 */
export function checkSvgStructure(text, limits) {
  const n = text.length;
  let elements = 0;
  let attributes = 0;
  let comments = 0;
  let depth = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt === -1 || lt + 1 >= n) return undefined;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      // <!DOCTYPE and <!ENTITY are refused before this scan; the parser refuses other <! markup.
      const terminator = text.startsWith('<!--', lt) ? '-->' : text.startsWith('<![CDATA[', lt) ? ']]>' : undefined;
      if (terminator === undefined) {
        i = lt + 2;
        continue;
      }
      if (++comments > limits.maxComments) return tooMany.comments(limits.maxComments);
      const end = text.indexOf(terminator, lt + 4);
      if (end === -1) return undefined; // unterminated: the parser refuses it
      i = end + 3;
      continue;
    }
    if (next === 0x3f /* ? */) {
      if (++comments > limits.maxComments) return tooMany.comments(limits.maxComments);
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return undefined;
      i = end + 2;
      continue;
    }
    if (next === 0x2f /* / */) {
      depth--;
      i = lt + 2;
      continue;
    }
    // A start tag or an empty-element tag.
    if (++elements > limits.maxElements) return tooMany.elements(limits.maxElements);
    let j = lt + 1;
    let closed = false;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        const close = text.indexOf(c === 0x22 ? '"' : "'", j + 1);
        if (close === -1) return undefined;
        j = close + 1;
        continue;
      }
      if (c === 0x3d /* = */ && ++attributes > limits.maxAttributes) return tooMany.attributes(limits.maxAttributes);
      if (c === 0x3e /* > */) {
        closed = true;
        break;
      }
      // A `<` inside a tag is a syntax error; count it as the next tag.
      if (c === 0x3c /* < */) break;
      j++;
    }
    if (!closed) {
      i = j;
      continue;
    }
    // The element's own level counts, empty (<g/>) or not; only a start tag opens a level below it.
    if (depth + 1 > limits.maxDepth) return tooMany.depth(limits.maxDepth);
    if (text.charCodeAt(j - 1) !== 0x2f /* / */) depth++;
    i = j + 1;
  }
}

/**
 * Copies the subtree under `source` into `doc`, keeping only allowed elements (with their
 * allowed attributes), text and CDATA, in document order (pre-order, iteratively so nesting
 * cannot overflow the call stack). Returns the copy of `source`, or a refusal when the tree
 * exceeds the limits (the text scan should have caught that already).
 *
 * @param {import('@xmldom/xmldom').Element} source
 * @param {import('@xmldom/xmldom').Document} doc
 * @param {Set<string>} removed
 * @param {import('./svg-sanitize.mjs').SvgLimits} limits
 * @returns {{ ok: true; copy: import('@xmldom/xmldom').Element } | { ok: false; reason: string }}
 */
function copyAllowed(source, doc, removed, limits) {
  let elements = 0;
  let attributes = 0;
  let comments = 0;
  /** @type {import('@xmldom/xmldom').Element | undefined} */
  let rootCopy;
  /** @type {{ node: import('@xmldom/xmldom').Node; parent: import('@xmldom/xmldom').Element | null; depth: number }[]} */
  const stack = [{ node: source, parent: null, depth: 1 }];
  while (stack.length > 0) {
    const { node, parent, depth } = /** @type {(typeof stack)[number]} */ (stack.pop());
    const type = node.nodeType;
    if ((type === CDATA_SECTION_NODE || type === COMMENT_NODE || type === PROCESSING_INSTRUCTION_NODE) && ++comments > limits.maxComments) {
      return { ok: false, reason: tooMany.comments(limits.maxComments) };
    }
    switch (type) {
      case ELEMENT_NODE: {
        const element = /** @type {import('@xmldom/xmldom').Element} */ (node);
        if (!isAllowedElement(element)) {
          // The whole subtree stays behind, including any text/CDATA (e.g. a script body) inside it.
          // Name the namespace when the local name alone would look harmless (<g xmlns="urn:x">).
          const foreign = element.namespaceURI !== SVG_NS && element.namespaceURI !== null && element.prefix === null;
          removed.add(`<${element.nodeName}> element${foreign ? ` in namespace ${element.namespaceURI}` : ''}`);
          break;
        }
        if (++elements > limits.maxElements) return { ok: false, reason: tooMany.elements(limits.maxElements) };
        if (depth > limits.maxDepth) return { ok: false, reason: tooMany.depth(limits.maxDepth) };
        const copy = doc.createElementNS(element.namespaceURI, element.nodeName);
        const attrs = element.attributes;
        attributes += attrs.length;
        if (attributes > limits.maxAttributes) return { ok: false, reason: tooMany.attributes(limits.maxAttributes) };
        for (let a = 0; a < attrs.length; a++) {
          const attr = /** @type {import('@xmldom/xmldom').Attr} */ (attrs.item(a));
          const problem = attributeProblem(attr, element);
          if (problem !== undefined) {
            removed.add(problem);
            continue;
          }
          const attrCopy = doc.createAttributeNS(attr.namespaceURI, attr.name);
          attrCopy.value = attr.value;
          attrCopy.nodeValue = attr.value;
          // setAttributeNodeNS finds a same-named attribute through an index; setAttributeNS would
          // scan the element's attributes each time (quadratic in their number).
          copy.setAttributeNodeNS(attrCopy);
        }
        if (parent) parent.appendChild(copy);
        else rootCopy = copy;
        // Push in reverse so children are visited first-to-last.
        for (let child = element.lastChild; child; child = child.previousSibling) {
          stack.push({ node: child, parent: copy, depth: depth + 1 });
        }
        break;
      }
      case TEXT_NODE:
        // Character data in allowed elements is inert (no <script>/<style> survives to interpret it).
        parent?.appendChild(doc.createTextNode(/** @type {import('@xmldom/xmldom').Text} */ (node).data));
        break;
      case CDATA_SECTION_NODE:
        parent?.appendChild(doc.createCDATASection(/** @type {import('@xmldom/xmldom').CDATASection} */ (node).data));
        break;
      case COMMENT_NODE:
        // Left behind silently; see the module comment.
        break;
      case PROCESSING_INSTRUCTION_NODE:
        removed.add(`<?${node.nodeName}?> processing instruction`);
        break;
      default:
        // Entity references or anything else unexpected: not worth keeping.
        removed.add(`${node.nodeName} node`);
    }
  }
  return rootCopy ? { ok: true, copy: rootCopy } : { ok: false, reason: 'The SVG could not be rebuilt after cleaning.' };
}

/** Characters outside the XML 1.0 Char production (xmldom accepts some via character references). */
const NON_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** @param {string} text */
function utf8Length(text) {
  return new TextEncoder().encode(text).length;
}

/**
 * Parses with xmldom, turning every error (and every warning but one benign one) into a refusal.
 * @param {string} text
 * @returns {{ ok: true; doc: import('@xmldom/xmldom').Document; root: import('@xmldom/xmldom').Element } | { ok: false; reason: string }}
 */
function parseSvg(text) {
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
    return { ok: true, doc, root };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `The file is not a well-formed XML document (${detail.split('\n')[0]}).` };
  }
}

/** @param {number} bytes */
const mebibytes = (bytes) => `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`;

/**
 * Sanitizes an uploaded SVG, synchronously, on the calling thread. On success `svg` is freshly
 * serialized XML whose root is <svg> and `removed` lists, once each and in document order, what
 * was taken out.
 *
 * @param {string} text
 * @param {import('./svg-sanitize.mjs').SvgLimits} limits
 * @returns {import('./svg-sanitize.mjs').SvgSanitizeResult}
 */
export function sanitizeSvgText(text, limits) {
  // Cheap bound first: UTF-8 never uses fewer bytes than UTF-16 code units.
  if (text.length > limits.maxBytes || utf8Length(text) > limits.maxBytes) {
    return { ok: false, reason: `The SVG file is larger than ${mebibytes(limits.maxBytes)}.` };
  }
  // Checked on the raw text, before any parser sees it, so no entity is ever defined or expanded.
  if (/<!DOCTYPE/i.test(text)) {
    return { ok: false, reason: 'SVG files with a DOCTYPE declaration are not accepted, because a DOCTYPE can define entities.' };
  }
  if (/<!ENTITY/i.test(text)) {
    return { ok: false, reason: 'SVG files with an ENTITY declaration are not accepted.' };
  }
  // Also before parsing: the size of the tree.
  const tooLarge = checkSvgStructure(text, limits);
  if (tooLarge !== undefined) return { ok: false, reason: tooLarge };

  // A byte-order mark or leading whitespace is harmless but makes xmldom reject the XML declaration.
  const parsed = parseSvg(text.replace(/^\uFEFF/, '').trimStart());
  if (!parsed.ok) return parsed;
  const { doc, root } = parsed;

  if (root.localName !== 'svg' || (root.namespaceURI !== SVG_NS && root.namespaceURI !== null)) {
    return { ok: false, reason: `The root element is <${root.nodeName}>, but an SVG image must have <svg> as its root element.` };
  }

  /** @type {Set<string>} */
  const removed = new Set();
  const clean = new DOMImplementation().createDocument(null, null);
  /** @type {import('@xmldom/xmldom').Element | undefined} */
  let copy;
  // Nodes before/after the root are not kept (only the root is); report the ones that matter.
  // e.g. <?xml-stylesheet href="…"?> would load CSS. The XML declaration itself is not reported.
  for (let node = doc.firstChild; node; node = node.nextSibling) {
    if (node === root) {
      let copied;
      try {
        copied = copyAllowed(root, clean, removed, limits);
      } catch {
        return { ok: false, reason: 'The SVG could not be rebuilt after cleaning.' };
      }
      if (!copied.ok) return copied;
      copy = copied.copy;
    } else if (node.nodeType === PROCESSING_INSTRUCTION_NODE && node.nodeName.toLowerCase() !== 'xml') {
      removed.add(`<?${node.nodeName}?> processing instruction`);
    }
  }
  if (!copy) return { ok: false, reason: 'The SVG could not be rebuilt after cleaning.' };

  let svg;
  try {
    clean.appendChild(copy);
    svg = new XMLSerializer().serializeToString(copy);
  } catch {
    return { ok: false, reason: 'The SVG could not be serialized again after cleaning.' };
  }
  // xmldom lets character references such as &#1; through; such output would not be well-formed.
  if (NON_XML_CHARS.test(svg)) {
    return { ok: false, reason: 'The SVG contains characters that XML does not allow (control characters or broken surrogates).' };
  }
  return { ok: true, svg, removed: [...removed] };
}
