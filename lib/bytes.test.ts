import { describe, expect, it } from 'vitest';
import { joinChunks, readCapped } from './bytes';

const sequence = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + (i >> 8)) & 0xff);

describe('joinChunks', () => {
  it('returns a file of one whole chunk as it is, and copies a view of a larger array', () => {
    const whole = sequence(10);
    expect(joinChunks([whole], 10)).toBe(whole);
    const view = sequence(20).subarray(5, 15);
    const joined = joinChunks([view], 10);
    expect(joined).not.toBe(view);
    expect(Array.from(joined)).toEqual(Array.from(view));
    expect(joined.buffer.byteLength).toBe(10);
    expect(() => joinChunks([whole], 11)).toThrow(/10 bytes, not the expected 11/);
  });

  it('refuses to join chunks that do not add up to the expected size', () => {
    const chunks = [sequence(10).subarray(0, 4), sequence(10).subarray(4, 8), sequence(10).subarray(8, 10)];
    expect(() => joinChunks(chunks.slice(0, 2), 10)).toThrow(/8 bytes, not the expected 10/);
    expect(() => joinChunks(chunks, 9)).toThrow(/more than the expected 9/);
  });
});

/** A body that arrives in `chunks`, counting how many of them were pulled and whether it was cancelled. */
function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[seen.pulled++];
      if (next) controller.enqueue(next);
      else controller.close();
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { message: { headers: new Headers(headers), body }, seen };
}

describe('readCapped', () => {
  it('reads a body up to the cap whole, byte for byte, in any number of chunks', async () => {
    const bytes = sequence(10);
    const { message } = streamed([bytes.subarray(0, 3), bytes.subarray(3, 10)]);
    expect(Array.from((await readCapped(message, 10)) ?? [])).toEqual(Array.from(bytes));
  });

  it('refuses by Content-Length before reading anything', async () => {
    const { message, seen } = streamed([sequence(4)], { 'content-length': '11' });
    expect(await readCapped(message, 10)).toBeUndefined();
    expect(seen.pulled).toBe(0);
    expect(seen.cancelled).toBe(true);
  });

  it('refuses as soon as the bytes pass the cap, without reading the rest (a lying or missing Content-Length)', async () => {
    const { message, seen } = streamed([sequence(6), sequence(6), sequence(6), sequence(6)], { 'content-length': '5' });
    expect(await readCapped(message, 10)).toBeUndefined();
    expect(seen.pulled).toBeLessThan(4);
    expect(seen.cancelled).toBe(true);
  });

  it('reads a missing body as empty', async () => {
    expect(await readCapped({ headers: new Headers(), body: null }, 10)).toEqual(new Uint8Array());
    expect(await readCapped(new Request('http://x/', { method: 'POST', body: 'hello' }), 5)).toEqual(new TextEncoder().encode('hello'));
  });
});
