/**
 * Image dimensions read from file headers only: no pixel data is decoded, so a hostile file can
 * neither exhaust memory nor reach a decoder. Every read is bounds-checked; anything truncated,
 * garbled or self-contradictory yields `undefined` instead of a guess or an exception.
 */

type ImageDimensions = { width: number; height: number };

/** Big-endian unsigned 16-bit read, or undefined past the end. */
function u16be(bytes: Uint8Array, at: number): number | undefined {
  const a = bytes[at];
  const b = bytes[at + 1];
  return a === undefined || b === undefined ? undefined : (a << 8) | b;
}

/** Big-endian unsigned 32-bit read, or undefined past the end. */
function u32be(bytes: Uint8Array, at: number): number | undefined {
  const hi = u16be(bytes, at);
  const lo = u16be(bytes, at + 2);
  // Multiply instead of shifting: `<< 24` would turn values >= 2^31 negative.
  return hi === undefined || lo === undefined ? undefined : hi * 0x10000 + lo;
}

/** Little-endian unsigned 16-bit read, or undefined past the end. */
function u16le(bytes: Uint8Array, at: number): number | undefined {
  const a = bytes[at];
  const b = bytes[at + 1];
  return a === undefined || b === undefined ? undefined : a | (b << 8);
}

/** Little-endian unsigned 24-bit read, or undefined past the end. */
function u24le(bytes: Uint8Array, at: number): number | undefined {
  const a = bytes[at];
  const b = bytes[at + 1];
  const c = bytes[at + 2];
  return a === undefined || b === undefined || c === undefined ? undefined : a | (b << 8) | (c << 16);
}

function hasAscii(bytes: Uint8Array, at: number, text: string): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Both sides positive and finite, or undefined: a zero-sized image is as useless as an unknown one. */
function sized(width: number | undefined, height: number | undefined): ImageDimensions | undefined {
  if (width === undefined || height === undefined) return undefined;
  if (!Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) return undefined;
  return { width, height };
}

// ---------------------------------------------------------------------------------------------
// PNG: 8-byte signature, then the IHDR chunk, which the spec requires to come first:
// length (4, always 13) | "IHDR" | width (4, BE) | height (4, BE) | …
// ---------------------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngDimensions(bytes: Uint8Array): ImageDimensions | undefined {
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return undefined;
  if (u32be(bytes, 8) !== 13 || !hasAscii(bytes, 12, 'IHDR')) return undefined;
  const width = u32be(bytes, 16);
  const height = u32be(bytes, 20);
  // The PNG spec caps both at 2^31 - 1.
  if (width === undefined || height === undefined || width > 0x7fffffff || height > 0x7fffffff) return undefined;
  return sized(width, height);
}

// ---------------------------------------------------------------------------------------------
// JPEG: SOI (FFD8), then marker segments FFxx [length (2, BE, includes itself)] [payload].
// The frame size is in the first SOFn segment: precision (1) | height (2) | width (2) | …
// ---------------------------------------------------------------------------------------------

/** SOF0–SOF15, minus the three C-range markers that are not frame headers. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 /* DHT */ && marker !== 0xc8 /* JPG */ && marker !== 0xcc /* DAC */;
}

function jpegDimensions(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let pos = 2;
  // Every iteration advances `pos` by at least one byte, so this ends for any input.
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) return undefined; // garbage where a marker must be
    // Any number of 0xFF fill bytes may precede the marker code.
    let at = pos + 1;
    while (at < bytes.length && bytes[at] === 0xff) at++;
    const marker = bytes[at];
    if (marker === undefined || marker === 0x00) return undefined;

    // Standalone markers (TEM, RST0–7) carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos = at + 1;
      continue;
    }
    // A second SOI, EOI or start-of-scan before any frame header: no size to be had.
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda) return undefined;

    const length = u16be(bytes, at + 1);
    // The length counts its own two bytes, so anything below 2 is corrupt — and a zero would
    // otherwise leave `pos` where it is forever.
    if (length === undefined || length < 2) return undefined;

    if (isStartOfFrame(marker)) {
      // length (2) + precision (1) + height (2) + width (2) + component count (1)
      if (length < 8) return undefined;
      return sized(u16be(bytes, at + 6), u16be(bytes, at + 4));
    }
    pos = at + 1 + length;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// WebP: "RIFF" size "WEBP", then the first chunk: fourCC (4) | size (4, LE) | data at offset 20.
// ---------------------------------------------------------------------------------------------

function webpDimensions(bytes: Uint8Array): ImageDimensions | undefined {
  if (!hasAscii(bytes, 0, 'RIFF') || !hasAscii(bytes, 8, 'WEBP')) return undefined;

  if (hasAscii(bytes, 12, 'VP8 ')) {
    // Lossy: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height (LE; the top
    // two bits are scaling hints, not size).
    const frameTag = bytes[20];
    if (frameTag === undefined || (frameTag & 0x01) !== 0) return undefined; // must be a key frame
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
    const w = u16le(bytes, 26);
    const h = u16le(bytes, 28);
    return w === undefined || h === undefined ? undefined : sized(w & 0x3fff, h & 0x3fff);
  }

  if (hasAscii(bytes, 12, 'VP8L')) {
    // Lossless: signature 0x2F, then 32 bits LE: width-1 (14) | height-1 (14) | alpha (1) | version (3).
    if (bytes[20] !== 0x2f) return undefined;
    const b0 = bytes[21];
    const b1 = bytes[22];
    const b2 = bytes[23];
    const b3 = bytes[24];
    if (b0 === undefined || b1 === undefined || b2 === undefined || b3 === undefined) return undefined;
    if (b3 >> 5 !== 0) return undefined; // version must be 0
    const width = 1 + (b0 | ((b1 & 0x3f) << 8));
    const height = 1 + ((b1 >> 6) | (b2 << 2) | ((b3 & 0x0f) << 10));
    return sized(width, height);
  }

  if (hasAscii(bytes, 12, 'VP8X')) {
    // Extended: flags (1) | reserved (3) | canvas width-1 (24, LE) | canvas height-1 (24, LE).
    const w = u24le(bytes, 24);
    const h = u24le(bytes, 27);
    return w === undefined || h === undefined ? undefined : sized(w + 1, h + 1);
  }

  return undefined;
}

// ---------------------------------------------------------------------------------------------
// SVG: only the root start tag is looked at. This is not the sanitizer and does not validate
// anything; it runs on text that is sanitized elsewhere.
// ---------------------------------------------------------------------------------------------

/** One prolog item at the cursor: XML declaration/PI, comment or DOCTYPE (with internal subset). */
const PROLOG_ITEM = /\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)/iy;

/** The root start tag, with properly quoted attributes (so a `>` inside a value does not end it). */
const SVG_START_TAG = /\s*<svg((?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/y;

const ATTRIBUTE = /([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** "512", "512.5", "5e2" or the same with "px": a length in user units. Percentages, em etc. are not. */
const PLAIN_LENGTH = /^\s*(\+?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(?:px)?\s*$/i;

/** One SVG number (as in viewBox); stricter than Number(), which would also accept "0x10" or "". */
const SVG_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function svgAttributes(text: string): Map<string, string> | undefined {
  let cursor = 0;
  // Skip the prolog one item at a time; each sticky match either advances or stops the loop.
  for (;;) {
    PROLOG_ITEM.lastIndex = cursor;
    const item = PROLOG_ITEM.exec(text);
    if (!item || item[0].length === 0) break;
    cursor = PROLOG_ITEM.lastIndex;
  }
  SVG_START_TAG.lastIndex = cursor;
  const tag = SVG_START_TAG.exec(text);
  if (!tag) return undefined;
  const attributes = new Map<string, string>();
  for (const match of (tag[1] ?? '').matchAll(ATTRIBUTE)) {
    const name = match[1];
    if (name !== undefined) attributes.set(name, match[2] ?? match[3] ?? '');
  }
  return attributes;
}

function plainLength(value: string | undefined): number | undefined {
  const match = value === undefined ? null : PLAIN_LENGTH.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function svgDimensions(bytes: Uint8Array): ImageDimensions | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  const attributes = svgAttributes(text);
  if (!attributes) return undefined;

  const fromAttributes = sized(plainLength(attributes.get('width')), plainLength(attributes.get('height')));
  if (fromAttributes) return fromAttributes;

  // viewBox="min-x min-y width height", separated by whitespace and/or commas.
  const viewBox = attributes.get('viewBox')?.trim().split(/[\s,]+/);
  if (!viewBox || viewBox.length !== 4) return undefined;
  const numbers = viewBox.map((part) => (SVG_NUMBER.test(part) ? Number(part) : Number.NaN));
  return sized(numbers[2], numbers[3]);
}

/**
 * Width and height in pixels (SVG: user units) from the file's header, or undefined when the
 * header is missing, truncated, garbled or says nothing usable. Never throws.
 */
export function imageDimensions(
  bytes: Uint8Array,
  type: 'image/svg+xml' | 'image/png' | 'image/jpeg' | 'image/webp',
): { width: number; height: number } | undefined {
  try {
    switch (type) {
      case 'image/png':
        return pngDimensions(bytes);
      case 'image/jpeg':
        return jpegDimensions(bytes);
      case 'image/webp':
        return webpDimensions(bytes);
      case 'image/svg+xml':
        return svgDimensions(bytes);
      default:
        return undefined;
    }
  } catch {
    // Defensive only: the readers above are bounds-checked and should not throw.
    return undefined;
  }
}
