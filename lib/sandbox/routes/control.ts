import 'server-only';
import * as z from 'zod';
import { ERROR_STYLES, json } from '../responses';
import { HttpError, parse, readJson, type SandboxContext } from '../request';
import * as store from '../store';

/** The custom header the fault control requires (tests send it; a cross-origin page cannot). */
export const CONTROL_HEADER = 'x-sandbox-control';

const faultSchema = z.object({
  path: z.string().min(1, { error: 'path is required: a part of the path to match, e.g. /infoLocalizations' }),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
  status: z.number().int().min(400).max(599).optional(),
  delayMs: z.number().int().min(0).max(120_000).default(0),
  times: z.number().int().min(1).max(1000).default(1),
  style: z.enum(ERROR_STYLES).optional(),
  detail: z.string().max(2_000).optional(),
  errors: z.array(z.object({ field: z.string().min(1), message: z.string().min(1) })).max(50).optional(),
  /** Carry the call out first, then answer late (delayMs), with `status`, or break the connection (drop). */
  after: z.boolean().default(false),
  drop: z.boolean().default(false),
  /** Retry-After, in seconds, of a 429 or 503 (default 0). */
  retryAfter: z.number().int().min(0).max(86_400).default(0),
});

/**
 * /control/faults: lists (GET), adds (POST) and clears (DELETE) the faults the next calls meet.
 * Every control call must carry CONTROL_HEADER: a custom header no cross-origin form or link can send.
 */
export async function control({ request, db, config, route }: SandboxContext): Promise<Response> {
  if (route !== '/control/faults') throw new HttpError(404, 'No such control endpoint.');
  if (request.headers.get(CONTROL_HEADER) !== '1') {
    throw new HttpError(403, `Send the header ${CONTROL_HEADER}: 1 with every fault control call (it cannot come from another site without a CORS preflight).`);
  }
  if (request.method === 'GET') return json({ faults: await store.listFaults(db) });
  if (request.method === 'DELETE') {
    await store.clearFaults(db);
    return new Response(null, { status: 204 });
  }
  if (request.method !== 'POST') throw new HttpError(405, 'Use GET, POST or DELETE.');
  const body = parse(faultSchema, await readJson(request));
  if (body.status === undefined && body.delayMs === 0 && !body.drop) {
    throw new HttpError(400, 'A fault needs a status, a delayMs, or drop.', [{ field: 'status', message: 'Give a status, a delayMs or drop' }]);
  }
  if (body.drop && !body.after) throw new HttpError(400, 'drop breaks the connection after the call is carried out: set after too.', [{ field: 'drop', message: 'Needs after: true' }]);
  // A call carried out and then answered with a status that says it was not (4xx, 429, the
  // API's own 503) would make the sandbox lie: refused, so tests stay truthful.
  const style = body.style ?? config.errorStyle;
  if (body.after && body.status !== undefined && (body.status < 500 || (body.status === 503 && (style === 'problem' || style === 'banqup')))) {
    throw new HttpError(400, 'After carrying a call out, answer with a status that does not deny it: a gateway 5xx (502, 504, or 500/503 in the html or empty style).', [
      { field: 'status', message: 'Not with after: true' },
    ]);
  }
  const fault = await store.addFault(db, {
    method: body.method ?? null,
    pathContains: body.path,
    status: body.status ?? null,
    delayMs: body.delayMs,
    style: body.style ?? null,
    remaining: body.times,
    detail: body.detail ?? null,
    errors: body.errors ?? null,
    after: body.after,
    drop: body.drop,
    retryAfter: body.retryAfter,
  });
  return json(fault, 201);
}
