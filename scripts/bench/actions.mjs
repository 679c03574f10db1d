/**
 * Server actions called from Node with the protocol the browser uses (a POST to a page with
 * `next-action`, the arguments as JSON), for what is set up before a timed part and for the
 * autosave's CPU figures. Ids come from the build's own server-reference-manifest.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function actionIds(distDir) {
  const manifest = JSON.parse(readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8'));
  const ids = {};
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName) ids[entry.exportedName] = id;
  // The no-op of app/bench/noop is an inline action (named by the compiler): found by its file.
  const noop = Object.entries(manifest.node).find(([, entry]) => entry.filename === 'app/bench/noop/page.tsx')?.[0];
  if (!noop) throw new Error(`${distDir} has no app/bench/noop action: build again`);
  ids.benchNoop = noop;
  return { ids, encryptionKey: manifest.encryptionKey };
}

/** The action's answer: its RSC row 1 (the return value) parsed as JSON when it is plain JSON. */
function parseAnswer(text) {
  const row = text.split('\n').find((line) => line.startsWith('1:'));
  if (!row) return undefined;
  try {
    return JSON.parse(row.slice(2));
  } catch {
    return undefined;
  }
}

/** Calls action `id` as a page at `pagePath` would; `headers` may add a captured browser request's own. */
export async function callAction(base, pagePath, id, args, headers = {}) {
  const res = await fetch(`${base}${pagePath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin: base, ...headers, 'next-action': id },
    body: JSON.stringify(args),
  });
  const text = await res.text();
  return { status: res.status, text, answer: parseAnswer(text), redirect: res.headers.get('x-action-redirect') };
}
