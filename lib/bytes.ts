/**
 * Bytes as the server handles them, whatever they are for: a body read up to a cap (an upload,
 * a sandbox request, Banqup's answer), and chunks joined back into one array. Knows nothing of
 * the wizard, the database or Banqup.
 */

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

/**
 * The body of a request or a response, read up to `maxBytes`: refused by its Content-Length
 * before anything is read, else as soon as the bytes that arrive pass the cap (the rest is
 * never read, and the stream is cancelled). undefined when refused.
 */
export async function readCapped(message: { headers: Headers; body: ReadableStream<Uint8Array> | null }, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(message.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await message.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!message.body) return new Uint8Array();
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return joinChunks(chunks, size);
}
