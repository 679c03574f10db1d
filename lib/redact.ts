/**
 * Redaction of secrets from what is stored, logged or shown: by key (anything that names
 * a credential) and by value (the configured secrets themselves, wherever they appear, and in
 * whatever encoding an answer quoted them: JSON escapes, URL or form encoding, base64 as in an
 * Authorization header, HTML character references; see redact-core.ts).
 *
 * NOTE: redact what is decoded, not only the raw answer: JSON.parse turns `\u002B` back into
 * `+`. The functions here are meant for decoded values (strings, parsed JSON).
 */
import { REDACTED, createRedactor, redactStrings as redactEveryString } from './redact-core';

export { REDACTED, createRedactor };

const SECRET_KEY = /^(authorization|authorizationheader|access_token|refresh_token|client_secret|password|token|secret|api[-_]?key)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Replaces every occurrence of each secret value in `text`, in any of its encodings. */
export function redactText(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text);
}

/** A deep copy of a decoded value with each secret replaced in every string, object keys included. */
export function redactStrings<T>(value: T, secrets: readonly string[]): T {
  return redactEveryString(value, createRedactor(secrets));
}

/** A deep copy of `value` with secret keys masked and secret values replaced (in keys too). */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
  const redact = createRedactor(secrets);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return redact(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, child]) => [redact(key), isSecretKey(key) && child != null ? REDACTED : walk(child)]),
      );
    }
    return node;
  };
  return walk(value) as T;
}
