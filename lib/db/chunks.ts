/**
 * Files are stored as rows of at most CHUNK_BYTES each, never as one large bytea: PGlite's
 * WASM heap grows by many times the size of any single parameter or value it handles, and a
 * WASM heap never gives memory back. A 5 MB bytea parameter cost ~200 MB of resident memory
 * per upload; 256 KiB rows keep it to a few MB. Must match the 262144 of migration 0006.
 */
export const CHUNK_BYTES = 256 * 1024;

/** `bytes` cut into consecutive views of at most `size` bytes (no copy); none for an empty file. */
export function splitChunks(bytes: Uint8Array, size: number = CHUNK_BYTES): Uint8Array[] {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`chunk size must be a positive integer, not ${size}`);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size) chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}

/**
 * The chunks, in order, copied into one array of `byteSize` bytes; throws when they do not add
 * up to exactly that (a missing or extra chunk), rather than return a corrupt file. A file of
 * one chunk that is its array's whole buffer (most images: a chunk holds 256 KiB) is returned
 * as it is: no second copy of every preview the server sends.
 */
export function joinChunks(chunks: Iterable<Uint8Array>, byteSize: number): Uint8Array {
  const list = Array.isArray(chunks) ? (chunks as Uint8Array[]) : [...chunks];
  const [only] = list;
  if (list.length === 1 && only && only.byteLength === byteSize && only.byteOffset === 0 && only.buffer.byteLength === byteSize) return only;
  const bytes = new Uint8Array(byteSize);
  let offset = 0;
  for (const chunk of list) {
    if (offset + chunk.byteLength > byteSize) throw new Error(`the chunks hold more than the expected ${byteSize} bytes`);
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  if (offset !== byteSize) throw new Error(`the chunks hold ${offset} bytes, not the expected ${byteSize}`);
  return bytes;
}
