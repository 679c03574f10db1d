import { describe, expect, it } from 'vitest';
import { joinChunks } from '@/lib/bytes';
import { CHUNK_BYTES, splitChunks } from './chunks';

const sequence = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + (i >> 8)) & 0xff);

describe('file chunks', () => {
  it('are 256 KiB, as migration 0006 cuts them', () => {
    expect(CHUNK_BYTES).toBe(262144);
  });

  it.each([
    ['an empty file', 0, []],
    ['a tiny file', 5, [5]],
    ['exactly one chunk', CHUNK_BYTES, [CHUNK_BYTES]],
    ['exactly three chunks', 3 * CHUNK_BYTES, [CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES]],
    ['one byte over a chunk', CHUNK_BYTES + 1, [CHUNK_BYTES, 1]],
    ['a 5 MB file', 5 * 1024 * 1024 - 3, [...Array<number>(19).fill(CHUNK_BYTES), CHUNK_BYTES - 3]],
  ])('cut %s into chunks of at most CHUNK_BYTES and join it back byte for byte', (_, size, lengths) => {
    const bytes = sequence(size);
    const chunks = splitChunks(bytes);
    expect(chunks.map((chunk) => chunk.byteLength)).toEqual(lengths);
    expect(Buffer.from(joinChunks(chunks, size)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('takes views of the file, not copies, and honours a given size', () => {
    const bytes = sequence(10);
    const chunks = splitChunks(bytes, 4);
    expect(chunks.map((chunk) => Array.from(chunk))).toEqual([[0, 7, 14, 21], [28, 35, 42, 49], [56, 63]]);
    expect(chunks[1]?.buffer).toBe(bytes.buffer);
    expect(() => splitChunks(bytes, 0)).toThrow(RangeError);
  });
});
