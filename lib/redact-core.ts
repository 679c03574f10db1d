/**
 * Finding secrets in text whatever encoding an answer put them in, shared by the app
 * (lib/redact.ts) and the connection check (lib/banqup/connection-check.ts, which `npm run
 * doctor` runs too).
 *
 * A secret is searched for as itself and as its base64 (standard and URL alphabets, padded or
 * not: of the secret alone, of `Bearer <secret>`, of its form encoding as HTTP Basic carries
 * it, and of the secret inside any longer base64 text, whatever its offset), and each of those
 * with any of its characters escaped: JSON (`\/`, `\"`, `\uXXXX`, also escaped twice), URL or
 * form encoding (`%XX`, `%25XX`, `+` for a space) or an HTML character reference: the text is
 * searched as it is, and once more with every such escape undone (keeping where each character
 * came from), so any mixture of escapes is found. Only the secret's own text becomes
 * `[redacted]`: what is around it stays readable.
 *
 * NOTE: redact decoded values too (JSON.parse undoes escapes), and before cutting a text short:
 * a secret cut in two is no longer found.
 */

export const REDACTED = '[redacted]' as const;
/** Shorter values are not searched for: they would match ordinary words. */
export const MIN_SECRET_LENGTH = 4;
/** A base64 fragment of a secret inside a longer base64 text counts from this length. */
const MIN_BASE64_FRAGMENT = 8;

const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};
const utf8 = (text: string) => new TextEncoder().encode(text);
const toBase64Url = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_');
const unpadded = (base64: string) => base64.replace(/=+$/, '');

/** application/x-www-form-urlencoded encoding of one value (space as +), as HTTP Basic credentials carry it. */
function formUrlEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length);
}

/**
 * The base64 text (unpadded) that the bytes of `secret` become inside any longer base64 text:
 * for each of the three alignments, the 4-character groups made of the secret's bytes alone.
 */
function base64Fragments(secret: string): string[] {
  const bytes = utf8(secret);
  const fragments = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = toBase64(padded);
    const firstGroup = offset === 0 ? 0 : 1;
    const lastGroup = Math.floor(padded.length / 3); // exclusive: the groups wholly made of known bytes
    const fragment = encoded.slice(firstGroup * 4, lastGroup * 4);
    if (fragment.length >= MIN_BASE64_FRAGMENT) fragments.push(fragment);
  }
  return fragments;
}

/**
 * The texts a secret may appear as, before any per-character escaping: the secret itself and
 * its base64 forms (of the secret, of `Bearer <secret>`, of its URL and form encodings, and
 * the secret's part of any longer base64 text). Exported for tests.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret]);
  const encodings = new Set([secret, `Bearer ${secret}`, formUrlEncode(secret), encodeURIComponent(secret)]);
  for (const plain of encodings) {
    const base64 = toBase64(utf8(plain));
    forms.add(base64);
    forms.add(unpadded(base64));
    forms.add(toBase64Url(base64));
    forms.add(unpadded(toBase64Url(base64)));
  }
  for (const fragment of base64Fragments(secret)) {
    forms.add(fragment);
    forms.add(toBase64Url(fragment));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * Concrete encodings of a secret, as an answer might quote it: for tests and documentation
 * (the redactor matches these and any mixture of them).
 */
export function encodedVariants(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const base64 = (text: string) => toBase64(utf8(text));
  return [
    secret,
    json,
    json.replace(/\//g, '\\/'),
    [...secret].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    encodeURIComponent(secret),
    formUrlEncode(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    base64(secret),
    toBase64Url(base64(secret)),
    base64(`Bearer ${secret}`),
    toBase64Url(base64(`Bearer ${secret}`)),
  ];
}

const HTML_NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const JSON_SHORT: Record<string, string> = { '"': '"', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const isHex = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

/**
 * `text` with every escaped character written as itself, and where each character of the
 * result came from (start and end offsets in `text`, per UTF-16 unit). Escapes: JSON's `\uXXXX`
 * and short escapes (behind any number of backslashes, for JSON inside JSON), percent-encoding
 * (`%XX`, UTF-8, also `%25XX`), HTML character references. undefined when there is none.
 */
type UnescapedText = { text: string; starts: Int32Array; ends: Int32Array };

function unescapeWithMap(text: string): UnescapedText | undefined {
  if (!/[\\%&]/.test(text)) return undefined;
  // The unescaped text is never longer than the text (every escape stands for fewer units).
  const out: string[] = [];
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  let length = 0;
  const emit = (chars: string, start: number, end: number) => {
    out.push(chars);
    for (let index = 0; index < chars.length; index++) {
      starts[length] = start;
      ends[length] = end;
      length++;
    }
  };
  /** Text without escapes, as it is: each unit comes from itself. */
  const emitLiteral = (start: number, end: number) => {
    out.push(text.slice(start, end));
    for (let index = start; index < end; index++) {
      starts[length] = index;
      ends[length] = index + 1;
      length++;
    }
  };
  /** One percent-escaped byte at `at` (`%XX` or `%25XX`): [byte, end] or undefined. */
  const percentByte = (at: number): [number, number] | undefined => {
    if (text.charCodeAt(at) !== 37) return undefined;
    let cursor = at + 1;
    while (text.startsWith('25', cursor) && isHex(text.charCodeAt(cursor + 2)) && isHex(text.charCodeAt(cursor + 3))) cursor += 2;
    if (!isHex(text.charCodeAt(cursor)) || !isHex(text.charCodeAt(cursor + 1))) return undefined;
    return [parseInt(text.slice(cursor, cursor + 2), 16), cursor + 2];
  };
  const escapeStart = /[\\%&]/g;
  let index = 0;
  while (index < text.length) {
    escapeStart.lastIndex = index;
    const found = escapeStart.exec(text);
    const literalEnd = found ? found.index : text.length;
    if (literalEnd > index) {
      emitLiteral(index, literalEnd);
      index = literalEnd;
      continue;
    }
    const char = text[index];
    if (char === '\\') {
      let cursor = index;
      while (text[cursor] === '\\') cursor++;
      const next = text[cursor];
      if (next === 'u' && [1, 2, 3, 4].every((n) => isHex(text.charCodeAt(cursor + n)))) {
        emit(String.fromCharCode(parseInt(text.slice(cursor + 1, cursor + 5), 16)), index, cursor + 5);
        index = cursor + 5;
        continue;
      }
      if (next !== undefined && Object.hasOwn(JSON_SHORT, next)) {
        emit(JSON_SHORT[next] as string, index, cursor + 1);
        index = cursor + 1;
        continue;
      }
      // A run of backslashes is one backslash, escaped once or more.
      emit('\\', index, cursor);
      index = cursor;
      continue;
    }
    if (char === '%') {
      const first = percentByte(index);
      if (first) {
        const [byte] = first;
        const byteCount = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 0;
        const bytes = [byte];
        let end = first[1];
        for (let n = 1; n < byteCount; n++) {
          const more = percentByte(end);
          if (!more) break;
          bytes.push(more[0]);
          end = more[1];
        }
        let decoded: string | undefined;
        try {
          decoded = byteCount > 0 && bytes.length === byteCount ? utf8Decoder.decode(new Uint8Array(bytes)) : undefined;
        } catch {
          decoded = undefined;
        }
        if (decoded !== undefined) {
          emit(decoded, index, end);
          index = end;
          continue;
        }
      }
    }
    if (char === '&') {
      const reference = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/.exec(text.slice(index, index + 12));
      if (reference) {
        const [whole, decimal, hex, name] = reference;
        const codePoint = name ? undefined : parseInt(decimal ?? hex ?? '', decimal ? 10 : 16);
        if (name || (codePoint !== undefined && codePoint <= 0x10ffff)) {
          emit(name ? (HTML_NAMED[name] as string) : String.fromCodePoint(codePoint as number), index, index + whole.length);
          index += whole.length;
          continue;
        }
      }
    }
    emitLiteral(index, index + 1);
    index++;
  }
  return { text: out.join(''), starts, ends };
}

/** Offsets [start, end) of every occurrence of each needle in `haystack`. */
function occurrences(haystack: string, needles: readonly string[], spans: [number, number][], map?: UnescapedText): void {
  for (const needle of needles) {
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
      spans.push(map ? [map.starts[at] as number, map.ends[at + needle.length - 1] as number] : [at, at + needle.length]);
    }
  }
}

type Redact = (text: string) => string;

const cache = new Map<string, Redact>();
const CACHE_SIZE = 32;

/**
 * A function that replaces every secret of `secrets`, in any of the encodings above or a
 * mixture of them, with `[redacted]`. Built once per set of secrets (kept in a small cache).
 */
export function createRedactor(secrets: readonly (string | null | undefined)[] | undefined): Redact {
  const values = [...new Set((secrets ?? []).filter((secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH))].sort();
  if (values.length === 0) return (text) => text;
  const key = JSON.stringify(values);
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const forms = new Set(values.flatMap(secretForms));
  // Form encoding writes a space as +.
  for (const form of [...forms]) if (form.includes(' ')) forms.add(form.replace(/ /g, '+'));
  const needles = [...forms].sort((a, b) => b.length - a.length);
  const redact: Redact = (text) => {
    if (typeof text !== 'string' || text.length < MIN_SECRET_LENGTH) return text;
    const spans: [number, number][] = [];
    occurrences(text, needles, spans);
    const unescaped = unescapeWithMap(text);
    if (unescaped) occurrences(unescaped.text, needles, spans, unescaped);
    if (spans.length === 0) return text;
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let result = '';
    let cursor = 0;
    for (const [start, end] of spans) {
      if (end <= cursor) continue;
      if (start >= cursor) result += text.slice(cursor, start) + REDACTED;
      cursor = end;
    }
    return result + text.slice(cursor);
  };
  cache.set(key, redact);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return redact;
}

const isPlainObject = (node: unknown): node is Record<string, unknown> => {
  if (node === null || typeof node !== 'object') return false;
  const prototype = Object.getPrototypeOf(node);
  return prototype === Object.prototype || prototype === null;
};

/**
 * A deep copy of a decoded JSON value with `redact` applied to every string, object keys
 * included. Other objects (a Date, a typed array) are kept as they are.
 */
export function redactStrings<T>(value: T, redact: (text: string) => string): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return redact(node);
    if (Array.isArray(node)) return node.map(walk);
    if (isPlainObject(node)) return Object.fromEntries(Object.entries(node).map(([key, child]) => [redact(key), walk(child)]));
    return node;
  };
  return walk(value) as T;
}
