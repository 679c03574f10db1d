/**
 * The NUL character (U+0000) cannot be stored in PostgreSQL text or jsonb: a value carrying one
 * is refused with a clear message before it reaches the database (or stripped where it is
 * only a search). Plain module.
 */
export const NUL_MESSAGE = 'The text contains a NUL character (U+0000), which cannot be stored: remove it and try again.';

/** Whether any string in a JSON-like value (keys included) holds a NUL character. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  return false;
}

export const stripNul = (text: string) => text.replace(/\u0000/g, '');

/** "1 call", "3 calls": a count with its noun, singular or plural (`plural` when not noun + s). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
