/**
 * The worker thread that sanitizes SVGs (svg-sanitize.mjs) off the request thread; started and
 * stopped by the pool in svg.ts. Node loads this file from the project directory at run time
 * (it is not part of webpack's bundle), and `@xmldom/xmldom` from node_modules.
 *
 * Messages in: { id, text, limits }. Messages out: { ready: true } once, when loaded, then
 * { id, result } for each message in, in order.
 */
import { parentPort } from 'node:worker_threads';
import { sanitizeSvgText } from './svg-sanitize.mjs';

if (!parentPort) throw new Error('svg-worker.mjs runs as a worker thread only.');
const port = parentPort;

port.on('message', (/** @type {{ id: number; text: string; limits: import('./svg-sanitize.mjs').SvgLimits }} */ message) => {
  let result;
  try {
    result = sanitizeSvgText(message.text, message.limits);
  } catch (error) {
    // Not expected (the sanitizer turns every failure it knows into a refusal), but a refusal all the same.
    result = { ok: false, reason: `The SVG could not be checked (${error instanceof Error ? error.message : String(error)}).` };
  }
  port.postMessage({ id: message.id, result });
});
port.postMessage({ ready: true });
