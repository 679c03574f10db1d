import { describe, expect, it } from 'vitest';
import { imageDimensions } from '@/lib/uploads/dimensions';

// --- byte builders ----------------------------------------------------------------------------

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));
const u16be = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u24le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const bytes = (...parts: number[][]) => Uint8Array.from(parts.flat());
const text = (svg: string) => new TextEncoder().encode(svg);

/** Signature + IHDR chunk (CRC is not checked by the reader, so zeros will do) + a trailing IEND. */
function png(width: number, height: number, firstChunk = 'IHDR'): Uint8Array {
  return bytes(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    u32be(13), ascii(firstChunk), u32be(width), u32be(height), [8, 6, 0, 0, 0], u32be(0),
    u32be(0), ascii('IEND'), u32be(0xae426082),
  );
}

/** A marker segment: FF marker, big-endian length (counting itself), payload. */
const segment = (marker: number, payload: number[]) => [0xff, marker, ...u16be(payload.length + 2), ...payload];
const APP0 = segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
/** SOFn payload: precision, height, width, 3 components (id, sampling, table). */
const sof = (marker: number, width: number, height: number) =>
  segment(marker, [8, ...u16be(height), ...u16be(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
const SOS = segment(0xda, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0]);
const EOI = [0xff, 0xd9];

function jpeg(...segments: number[][]): Uint8Array {
  return bytes([0xff, 0xd8], ...segments);
}

/** RIFF container with one chunk (padded to even length as RIFF requires). */
function riffWebp(fourCC: string, data: number[]): Uint8Array {
  const padded = data.length % 2 === 1 ? [...data, 0] : data;
  return bytes(ascii('RIFF'), u32le(4 + 8 + padded.length), ascii('WEBP'), ascii(fourCC), u32le(data.length), padded);
}

/** Lossy key frame: frame tag (bit 0 = 0 for key frames), start code, 14-bit sizes + 2 scale bits. */
function vp8(width: number, height: number, { keyFrame = true, scale = 0 } = {}): Uint8Array {
  const frameTag = [keyFrame ? 0x10 : 0x11, 0x02, 0x00];
  return riffWebp('VP8 ', [...frameTag, 0x9d, 0x01, 0x2a, ...u16le(width | (scale << 14)), ...u16le(height | (scale << 14)), 0, 0]);
}

/** Lossless: 0x2F, then width-1 (14 bits) | height-1 (14 bits) | alpha (1) | version (3), LE. */
function vp8l(width: number, height: number, version = 0): Uint8Array {
  const packed = ((width - 1) | ((height - 1) << 14) | (1 << 28)) + version * 2 ** 29;
  return riffWebp('VP8L', [0x2f, ...u32le(packed), 0, 0, 0]);
}

/** Extended: flags, 3 reserved bytes, canvas width-1 and height-1 as 24-bit LE. */
function vp8x(width: number, height: number): Uint8Array {
  return riffWebp('VP8X', [0x10, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)]);
}

/** Every strict prefix of `data` must give undefined (and not throw). */
function expectAllPrefixesUndefined(data: Uint8Array, type: Parameters<typeof imageDimensions>[1], upTo = data.length): void {
  for (let length = 0; length < upTo; length++) {
    expect(imageDimensions(data.subarray(0, length), type), `prefix of ${length} bytes`).toBeUndefined();
  }
}

/** Deterministic pseudo-random bytes (xorshift) so fuzz failures are reproducible. */
function randomBytes(seed: number, length: number): Uint8Array {
  let state = seed || 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

// --- PNG --------------------------------------------------------------------------------------

describe('imageDimensions: PNG', () => {
  it('reads IHDR width and height', () => {
    expect(imageDimensions(png(640, 480), 'image/png')).toEqual({ width: 640, height: 480 });
    expect(imageDimensions(png(1, 70_000), 'image/png')).toEqual({ width: 1, height: 70_000 });
    expect(imageDimensions(png(0x7fffffff, 1), 'image/png')).toEqual({ width: 0x7fffffff, height: 1 });
  });

  it('needs only the first 24 bytes, and refuses anything shorter', () => {
    expect(imageDimensions(png(16, 9).subarray(0, 24), 'image/png')).toEqual({ width: 16, height: 9 });
    expectAllPrefixesUndefined(png(16, 9), 'image/png', 24);
  });

  it('requires IHDR to be the first chunk', () => {
    expect(imageDimensions(png(16, 9, 'gAMA'), 'image/png')).toBeUndefined();
    expect(imageDimensions(png(16, 9, 'ihdr'), 'image/png')).toBeUndefined();
  });

  it('rejects a bad signature, a wrong IHDR length, zero and out-of-range sizes', () => {
    const badSignature = png(16, 9);
    badSignature[1] = 0x51;
    expect(imageDimensions(badSignature, 'image/png')).toBeUndefined();
    const badLength = png(16, 9);
    badLength[11] = 12;
    expect(imageDimensions(badLength, 'image/png')).toBeUndefined();
    expect(imageDimensions(png(0, 9), 'image/png')).toBeUndefined();
    expect(imageDimensions(png(16, 0), 'image/png')).toBeUndefined();
    expect(imageDimensions(png(0x80000000, 9), 'image/png')).toBeUndefined();
  });

  it('does not read other formats as PNG', () => {
    expect(imageDimensions(jpeg(APP0, sof(0xc0, 10, 10)), 'image/png')).toBeUndefined();
    expect(imageDimensions(new Uint8Array(0), 'image/png')).toBeUndefined();
  });
});

// --- JPEG -------------------------------------------------------------------------------------

describe('imageDimensions: JPEG', () => {
  it('walks APP0 to SOF0', () => {
    expect(imageDimensions(jpeg(APP0, sof(0xc0, 800, 600), SOS, EOI), 'image/jpeg')).toEqual({ width: 800, height: 600 });
  });

  it('reads progressive (SOF2) and other SOFn frames', () => {
    expect(imageDimensions(jpeg(APP0, sof(0xc2, 1024, 768)), 'image/jpeg')).toEqual({ width: 1024, height: 768 });
    expect(imageDimensions(jpeg(sof(0xcf, 3, 4)), 'image/jpeg')).toEqual({ width: 3, height: 4 });
  });

  it('skips DHT, JPG and DAC even though they sit in the SOF range', () => {
    // Payloads shaped like a frame header with a bogus size: must not be read as one.
    const fake = [8, ...u16be(1), ...u16be(1), 1, 1, 0x11, 0];
    for (const marker of [0xc4, 0xc8, 0xcc]) {
      expect(imageDimensions(jpeg(APP0, segment(marker, fake), sof(0xc0, 320, 200)), 'image/jpeg')).toEqual({ width: 320, height: 200 });
    }
  });

  it('tolerates fill bytes before a marker and standalone markers', () => {
    const withFill = jpeg(APP0, [0xff, 0xff, 0xff], sof(0xc0, 5, 6));
    expect(imageDimensions(withFill, 'image/jpeg')).toEqual({ width: 5, height: 6 });
    const withRst = jpeg([0xff, 0xd0], [0xff, 0x01], sof(0xc1, 7, 8));
    expect(imageDimensions(withRst, 'image/jpeg')).toEqual({ width: 7, height: 8 });
  });

  it('skips large APPn segments (e.g. EXIF)', () => {
    const exif = segment(0xe1, Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 0xff : i & 0x7f)));
    expect(imageDimensions(jpeg(APP0, exif, sof(0xc0, 4000, 3000)), 'image/jpeg')).toEqual({ width: 4000, height: 3000 });
  });

  it('returns undefined for every truncation', () => {
    const full = jpeg(APP0, sof(0xc0, 800, 600));
    // The size is complete once the SOF0 width has been read (SOI + APP0 + FF C0 + len + P + H + W).
    const needed = 2 + APP0.length + 9;
    expect(imageDimensions(full.subarray(0, needed), 'image/jpeg')).toEqual({ width: 800, height: 600 });
    expectAllPrefixesUndefined(full, 'image/jpeg', needed);
  });

  it('stops on a zero or one segment length instead of looping', () => {
    expect(imageDimensions(jpeg([0xff, 0xe0, 0x00, 0x00], sof(0xc0, 1, 1)), 'image/jpeg')).toBeUndefined();
    expect(imageDimensions(jpeg([0xff, 0xe0, 0x00, 0x01], sof(0xc0, 1, 1)), 'image/jpeg')).toBeUndefined();
    expect(imageDimensions(jpeg([0xff, 0xc0, 0x00, 0x00]), 'image/jpeg')).toBeUndefined();
  });

  it('rejects a segment length running past the end, and a too-short SOF', () => {
    expect(imageDimensions(jpeg([0xff, 0xe1, 0xff, 0xff, 1, 2, 3]), 'image/jpeg')).toBeUndefined();
    expect(imageDimensions(jpeg([0xff, 0xc0, 0x00, 0x05, 8, 0, 1, 0, 1]), 'image/jpeg')).toBeUndefined();
  });

  it('rejects garbage where a marker must be, SOS/EOI before a frame, and a zero height', () => {
    expect(imageDimensions(jpeg(APP0, [0x12, 0x34], sof(0xc0, 1, 1)), 'image/jpeg')).toBeUndefined();
    expect(imageDimensions(jpeg([0xff, 0x00], sof(0xc0, 1, 1)), 'image/jpeg')).toBeUndefined();
    expect(imageDimensions(jpeg(APP0, SOS, sof(0xc0, 1, 1)), 'image/jpeg')).toBeUndefined();
    expect(imageDimensions(jpeg(EOI, sof(0xc0, 1, 1)), 'image/jpeg')).toBeUndefined();
    expect(imageDimensions(jpeg([0xff, 0xd8], sof(0xc0, 1, 1)), 'image/jpeg')).toBeUndefined();
    // Height 0 means "defined later by DNL": not knowable from the header.
    expect(imageDimensions(jpeg(sof(0xc0, 640, 0)), 'image/jpeg')).toBeUndefined();
    expect(imageDimensions(bytes([0xff, 0xd9]), 'image/jpeg')).toBeUndefined();
  });

  it('never throws or hangs on random bytes after SOI', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const data = bytes([0xff, 0xd8], [0xff], Array.from(randomBytes(seed, 200)));
      const result = imageDimensions(data, 'image/jpeg');
      if (result) {
        expect(result.width).toBeGreaterThan(0);
        expect(result.height).toBeGreaterThan(0);
      }
    }
  });
});

// --- WebP -------------------------------------------------------------------------------------

describe('imageDimensions: WebP', () => {
  it('reads VP8 (lossy) 14-bit sizes and ignores the scale bits', () => {
    expect(imageDimensions(vp8(550, 368), 'image/webp')).toEqual({ width: 550, height: 368 });
    expect(imageDimensions(vp8(16383, 1, { scale: 3 }), 'image/webp')).toEqual({ width: 16383, height: 1 });
  });

  it('reads VP8L (lossless) packed sizes', () => {
    expect(imageDimensions(vp8l(400, 301), 'image/webp')).toEqual({ width: 400, height: 301 });
    expect(imageDimensions(vp8l(1, 1), 'image/webp')).toEqual({ width: 1, height: 1 });
    expect(imageDimensions(vp8l(16384, 16384), 'image/webp')).toEqual({ width: 16384, height: 16384 });
  });

  it('reads VP8X (extended) 24-bit canvas sizes', () => {
    expect(imageDimensions(vp8x(1920, 1080), 'image/webp')).toEqual({ width: 1920, height: 1080 });
    expect(imageDimensions(vp8x(2 ** 24, 1), 'image/webp')).toEqual({ width: 2 ** 24, height: 1 });
  });

  it('returns undefined for every truncation', () => {
    expectAllPrefixesUndefined(vp8(550, 368), 'image/webp', 30);
    expectAllPrefixesUndefined(vp8l(400, 301), 'image/webp', 25);
    expectAllPrefixesUndefined(vp8x(1920, 1080), 'image/webp', 30);
  });

  it('rejects broken headers', () => {
    expect(imageDimensions(vp8(10, 10, { keyFrame: false }), 'image/webp')).toBeUndefined();
    const badStartCode = vp8(10, 10);
    badStartCode[24] = 0x02;
    expect(imageDimensions(badStartCode, 'image/webp')).toBeUndefined();
    expect(imageDimensions(vp8(0, 10), 'image/webp')).toBeUndefined();
    const badSignature = vp8l(10, 10);
    badSignature[20] = 0x2e;
    expect(imageDimensions(badSignature, 'image/webp')).toBeUndefined();
    expect(imageDimensions(vp8l(10, 10, 1), 'image/webp')).toBeUndefined();
    expect(imageDimensions(riffWebp('ALPH', Array(20).fill(0)), 'image/webp')).toBeUndefined();
    const notWebp = vp8x(10, 10);
    notWebp.set(ascii('WAVE'), 8);
    expect(imageDimensions(notWebp, 'image/webp')).toBeUndefined();
    expect(imageDimensions(randomBytes(7, 64), 'image/webp')).toBeUndefined();
  });
});

// --- SVG --------------------------------------------------------------------------------------

describe('imageDimensions: SVG', () => {
  const svg = (attributes: string) => text(`<svg xmlns="http://www.w3.org/2000/svg" ${attributes}><rect width="1" height="1"/></svg>`);

  it('reads plain-number width and height', () => {
    expect(imageDimensions(svg('width="120" height="80"'), 'image/svg+xml')).toEqual({ width: 120, height: 80 });
    expect(imageDimensions(svg('width="12.5" height="8"'), 'image/svg+xml')).toEqual({ width: 12.5, height: 8 });
  });

  it('reads px lengths', () => {
    expect(imageDimensions(svg('width="512px" height="512px"'), 'image/svg+xml')).toEqual({ width: 512, height: 512 });
    expect(imageDimensions(svg("width=' 64 px ' height='32PX'"), 'image/svg+xml')).toEqual({ width: 64, height: 32 });
  });

  it('falls back to the viewBox', () => {
    expect(imageDimensions(svg('viewBox="0 0 300 150"'), 'image/svg+xml')).toEqual({ width: 300, height: 150 });
    expect(imageDimensions(svg('viewBox="-10,-10, 24.5,12"'), 'image/svg+xml')).toEqual({ width: 24.5, height: 12 });
  });

  it('uses the viewBox when width is a percentage or another unit', () => {
    expect(imageDimensions(svg('width="100%" height="100%" viewBox="0 0 48 24"'), 'image/svg+xml')).toEqual({ width: 48, height: 24 });
    expect(imageDimensions(svg('width="10em" height="20" viewBox="0 0 48 24"'), 'image/svg+xml')).toEqual({ width: 48, height: 24 });
    expect(imageDimensions(svg('width="100%"'), 'image/svg+xml')).toBeUndefined();
  });

  it('returns undefined without usable sizes', () => {
    expect(imageDimensions(svg(''), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(svg('width="0" height="10"'), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(svg('viewBox="0 0 0 10"'), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(svg('viewBox="0 0 10"'), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(svg('viewBox="0 0 0x10 10"'), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(svg('width="-5" height="10"'), 'image/svg+xml')).toBeUndefined();
  });

  it('looks only at the root element, after the prolog', () => {
    const doc =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- <svg width="1" height="1"> -->\n' +
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' +
      '<svg xmlns="http://www.w3.org/2000/svg" data-x="a>b" width="40" height="30"><svg width="999" height="999"/></svg>';
    expect(imageDimensions(text(doc), 'image/svg+xml')).toEqual({ width: 40, height: 30 });
  });

  it('reads a self-closing root and ignores lookalike attribute names', () => {
    expect(imageDimensions(text('<svg data-width="9" width="3" height="4"/>'), 'image/svg+xml')).toEqual({ width: 3, height: 4 });
  });

  it('returns undefined for non-SVG text and binary data', () => {
    expect(imageDimensions(text('<html width="1" height="1"></html>'), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(text('<svgx width="1" height="1"/>'), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(text('<svg width="1" height="1"'), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(png(5, 5), 'image/svg+xml')).toBeUndefined();
    expect(imageDimensions(new Uint8Array(0), 'image/svg+xml')).toBeUndefined();
  });

  it('stays fast on a pathological unterminated start tag', () => {
    const evil = text(`<svg${' a="x"'.repeat(50_000)}${' '.repeat(50_000)}`);
    const started = performance.now();
    expect(imageDimensions(evil, 'image/svg+xml')).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
