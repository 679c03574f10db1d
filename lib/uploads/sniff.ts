import type { ImageContentType } from '@/lib/banqup/limits';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

/**
 * The image type of `bytes`, read from its content (magic bytes), never from a file name or
 * a declared type. SVG is recognised as XML text whose root element is <svg>.
 */
export function sniffImageType(bytes: Uint8Array): ImageContentType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (looksLikeSvg(bytes)) return 'image/svg+xml';
  return undefined;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  // Only text can be SVG: a NUL byte in the head means binary.
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return false;
  let text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  text = text.replace(/^\uFEFF/, '');
  // Skip the XML declaration, comments, processing instructions and a DOCTYPE before the root.
  const prolog = /^\s*(?:(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)\s*)*/i;
  const rest = text.replace(prolog, '').trimStart();
  return /^<svg[\s>/]/i.test(rest);
}
