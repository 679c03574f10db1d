import { describe, expect, it } from 'vitest';
import { sniffImageType } from './sniff';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

const PNG_SIGNATURE = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const PNG = concat(PNG_SIGNATURE, bytes(0x00, 0x00, 0x00, 0x0d), text('IHDR'), new Uint8Array(13));
const JPEG = concat(bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10), text('JFIF'), bytes(0x00));
const WEBP = concat(text('RIFF'), bytes(0x24, 0x00, 0x00, 0x00), text('WEBPVP8 '), new Uint8Array(8));

describe('sniffImageType: raster images', () => {
  it.each([
    ['PNG', PNG, 'image/png'],
    ['PNG signature alone', PNG_SIGNATURE, 'image/png'],
    ['JPEG (JFIF)', JPEG, 'image/jpeg'],
    ['JPEG (Exif)', concat(bytes(0xff, 0xd8, 0xff, 0xe1), text('Exif')), 'image/jpeg'],
    ['WebP', WEBP, 'image/webp'],
  ])('%s → %s', (_name, input, expected) => {
    expect(sniffImageType(input)).toBe(expected);
  });

  it.each([
    ['a zero-length array', new Uint8Array(0)],
    ['a truncated PNG signature', PNG_SIGNATURE.subarray(0, 7)],
    ['a PNG signature with a wrong byte', concat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x00), new Uint8Array(8))],
    ['two JPEG bytes', bytes(0xff, 0xd8)],
    ['RIFF that is not WebP (WAV)', concat(text('RIFF'), bytes(0x24, 0, 0, 0), text('WAVEfmt '))],
    ['RIFF cut before the WEBP tag', concat(text('RIFF'), bytes(0x24, 0, 0, 0), text('WEB'))],
    ['a GIF', text('GIF89a\x01\x00\x01\x00')],
    ['a PDF', text('%PDF-1.7\n')],
    ['a ZIP', concat(bytes(0x50, 0x4b, 0x03, 0x04), new Uint8Array(26))],
  ])('%s → undefined', (_name, input) => {
    expect(sniffImageType(input)).toBeUndefined();
  });
});

describe('sniffImageType: SVG', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

  it.each([
    ['a bare <svg>', svg],
    ['<svg> after spaces and newlines', `\n\n   ${svg}`],
    ['<svg> after a UTF-8 BOM', `\uFEFF${svg}`],
    ['uppercase <SVG>', '<SVG xmlns="http://www.w3.org/2000/svg"></SVG>'],
    ['<svg> with no attributes', '<svg></svg>'],
    ['a self-closing <svg/>', '<svg/>'],
    ['an XML declaration', `<?xml version="1.0" encoding="UTF-8"?>${svg}`],
    ['an XML declaration and a newline', `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`],
    ['a comment', `<!-- logo -->${svg}`],
    ['a comment and a newline', `<!-- logo -->\n${svg}`],
    ['a DOCTYPE', `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svg}`],
    ['a DOCTYPE with an internal subset', `<!DOCTYPE svg [ <!ENTITY ns "http://www.w3.org/2000/svg"> ]>\n${svg}`],
    ['declaration, comment and DOCTYPE on one line', `<?xml version="1.0"?><!-- c --><!DOCTYPE svg>${svg}`],
    [
      'declaration, comment and DOCTYPE on separate lines (Illustrator export)',
      `<?xml version="1.0" encoding="utf-8"?>\n<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svg}`,
    ],
    ['an XML declaration then a DOCTYPE on the next line', `<?xml version="1.0" standalone="no"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svg}`],
    ['an XML declaration then a comment on the next line', `<?xml version="1.0"?>\n<!-- logo -->\n${svg}`],
    ['two comments on separate lines', `<!-- one -->\n<!-- two -->\n${svg}`],
  ])('%s → image/svg+xml', (_name, source) => {
    expect(sniffImageType(text(source))).toBe('image/svg+xml');
  });

  it.each([
    ['HTML', '<!DOCTYPE html><html><body><svg></svg></body></html>'],
    ['HTML without DOCTYPE', '<html><head><title>x</title></head></html>'],
    ['plain text', 'Hello, this is not an image.'],
    ['plain text mentioning <svg>', 'This file contains an <svg> element.'],
    ['an element that only starts with svg', '<svgfoo></svgfoo>'],
    ['other XML', '<?xml version="1.0"?>\n<note><to>svg</to></note>'],
    ['JSON', '{"svg": "<svg></svg>"}'],
    ['an unclosed comment before <svg>', `<!-- never closed <svg></svg>`],
  ])('%s → undefined', (_name, source) => {
    expect(sniffImageType(text(source))).toBeUndefined();
  });

  it('binary content starting like SVG (a NUL byte in the head) → undefined', () => {
    expect(sniffImageType(concat(text('<svg>'), bytes(0x00), text('</svg>')))).toBeUndefined();
  });
});

describe('sniffImageType: reads content, never the name or declared type', () => {
  it('a file named .png with text content → undefined', async () => {
    const file = new File(['just some text, not a picture'], 'logo.png', { type: 'image/png' });
    expect(sniffImageType(new Uint8Array(await file.arrayBuffer()))).toBeUndefined();
  });

  it('a file named .txt with PNG content → image/png', async () => {
    const file = new File([PNG], 'notes.txt', { type: 'text/plain' });
    expect(sniffImageType(new Uint8Array(await file.arrayBuffer()))).toBe('image/png');
  });

  it('a file named .svg with HTML content → undefined', async () => {
    const file = new File(['<!doctype html><html><script>alert(1)</script></html>'], 'logo.svg', { type: 'image/svg+xml' });
    expect(sniffImageType(new Uint8Array(await file.arrayBuffer()))).toBeUndefined();
  });

  it('reads a subarray view from its own offset', () => {
    const buffer = concat(text('junk'), PNG);
    expect(sniffImageType(buffer.subarray(4))).toBe('image/png');
    expect(sniffImageType(buffer)).toBeUndefined();
  });
});
