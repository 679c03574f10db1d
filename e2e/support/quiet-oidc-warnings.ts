/**
 * The test OpenID provider (oidc-provider) warns, on every run, of what a test provider is on
 * purpose: Node 20 rather than 22, its in-memory adapter, its development sign-in pages; and it
 * notices each default it uses (lifetimes, the logout page). Those lines, printed between the
 * test results of a passing run, are dropped; any other warning it gives still comes out.
 * Imported before oidc-provider (its first warning comes at import).
 */
const EXPECTED = [/Unsupported runtime/, /in-memory adapter is used/, /devInteractions is enabled/];

const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (text.includes('oidc-provider WARNING:') && EXPECTED.some((pattern) => pattern.test(text))) return;
  warn(...args);
};

const info = console.info.bind(console);
console.info = (...args: unknown[]) => {
  if (/^oidc-provider NOTICE: default [\w.]+ function called/.test(args.map(String).join(' '))) return;
  info(...args);
};

export {};
