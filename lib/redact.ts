/**
 * Redaction of secrets from what is stored, logged or shown: by key (anything that names
 * a credential) and by value (the configured secrets themselves, wherever they appear).
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /^(authorization|authorizationheader|access_token|refresh_token|client_secret|password|token|secret|api[-_]?key)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Replaces every occurrence of each secret value in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** A deep copy of `value` with secret keys masked and secret values replaced. */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return redactText(node, secrets);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, child]) => [key, isSecretKey(key) && child != null ? REDACTED : walk(child)]),
      );
    }
    return node;
  };
  return walk(value) as T;
}
