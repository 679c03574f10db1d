import { sql, type Expression } from 'kysely';

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

/*
 * Bytes cross the database boundary as base64 text, not as bytea values: PGlite turns a bytea
 * into hex and back in JavaScript, one character at a time (reading a 214 KB file took 20 ms,
 * writing it 30 ms, on the server's only thread), while base64 is encoded and decoded natively
 * on both sides (2 ms and 6 ms). The column stays bytea; PostgreSQL converts in SQL.
 */

/** A bytea expression read as base64 text (decode it with bytesFromText). */
export const bytesAsText = (expression: Expression<Uint8Array | null>) => sql<string | null>`encode(${expression}, 'base64')`;
/** A bytea value for `bytes`, sent as base64 text and decoded by PostgreSQL. */
export const bytesValue = (bytes: Uint8Array) =>
  sql<Uint8Array>`decode(${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}, 'base64')`;
/** The bytes of a bytesAsText column. NOTE: PostgreSQL's base64 breaks lines every 76 characters; Node's decoder skips them. */
export function bytesFromText(text: string): Uint8Array {
  const buffer = Buffer.from(text, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
