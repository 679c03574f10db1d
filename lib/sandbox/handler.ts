import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { fieldErrorsOf } from '@/lib/zod-issues';
import type { AppConfig } from '@/lib/env';
import type { Db } from '@/lib/db/db';
import { log } from '@/lib/log';
import { CREATE_APPLICATION_ENDPOINT, ENDPOINTS, type EndpointName } from '@/lib/banqup/endpoints';
import { JSON_MAX_BYTES, LOGO_MAX_BYTES, MEDIA_MAX_BYTES, MULTIPART_MAX_BYTES } from '@/lib/banqup/limits';
import {
  LOGO_FILE_FIELD,
  MEDIA_FILE_FIELD,
  brandRequestSchema,
  createApplicationRequestSchema,
  infoLocalizationRequestSchema,
  locationRequestSchema,
  mediaFormFieldsSchema,
  spaceSegmentRequestSchema,
  spaceTypeRequestSchema,
  supportDraftRequestSchema,
  uuidSchema,
  versionRequestSchema,
} from '@/lib/banqup/schemas';
import { containsNul } from '@/lib/text';
import { readCapped } from '@/lib/bytes';
import { sniffImageType } from '@/lib/uploads/sniff';
import { ERROR_STYLES, errorResponse, json, type ErrorStyle, type FieldError } from './responses';
import * as store from './store';

export type SandboxDeps = { db: () => Promise<Db>; config: AppConfig['sandbox'] };

/** The custom header the fault control requires (tests send it; a cross-origin page cannot). */
export const CONTROL_HEADER = 'x-sandbox-control';

/** Scopes the sandbox grants to every token: what the recipe's steps need. */
export const SANDBOX_SCOPES = 'store_read store_write';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

const fieldErrors = (error: z.core.$ZodError): FieldError[] =>
  Object.entries(fieldErrorsOf(error.issues, '(body)')).flatMap(([field, messages]) => messages.map((message) => ({ field, message })));

/** Reads the body, refusing it with 413 as soon as it passes `max` bytes (before reading it all). */
async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const body = await readCapped(request, max);
  if (!body) throw new HttpError(413, `The body is larger than the limit of ${max} bytes.`);
  return body;
}

/**
 * The media type of a Content-Type, parsed strictly (RFC 9110 §8.3.1): type/subtype, then only
 * `; name=value` parameters. `application/x-www-form-urlencoded;+json` is not JSON: a form can send
 * that without a CORS preflight.
 */
export function mediaType(contentType: string | null): string | undefined {
  const match = /^\s*([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)\s*((?:;\s*[a-z0-9!#$&^_.+-]+=(?:[a-z0-9!#$&^_.+-]+|"[^"]*")\s*)*)$/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

const isJsonType = (type: string | undefined) => type === 'application/json' || /^application\/[a-z0-9.-]+\+json$/.test(type ?? '');

async function readJson(request: Request): Promise<unknown> {
  if (!isJsonType(mediaType(request.headers.get('content-type')))) {
    throw new HttpError(415, 'Send the body as application/json.');
  }
  const body = await readBody(request, JSON_MAX_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new HttpError(400, 'The body is not valid JSON.');
  }
  if (containsNul(value)) throw new HttpError(400, 'The body contains a NUL character (\\u0000).');
  return value;
}

async function readMultipart(request: Request): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(contentType)) throw new HttpError(415, 'Send the body as multipart/form-data.');
  const body = await readBody(request, MULTIPART_MAX_BYTES);
  try {
    return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new HttpError(400, 'The multipart body could not be read.');
  }
}

async function readImage(form: FormData, field: string, maxBytes: number): Promise<{ bytes: Uint8Array; file: File; contentType: string }> {
  const file = form.get(field);
  if (!(file instanceof File)) throw new HttpError(400, `The form has no file in the field ${field}.`, [{ field, message: 'A file is required' }]);
  if (file.size === 0) throw new HttpError(400, `The file in ${field} is empty.`, [{ field, message: 'The file is empty' }]);
  if (file.size > maxBytes) throw new HttpError(413, `The file is ${file.size} bytes; the limit is ${maxBytes} bytes.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new HttpError(415, `The file in ${field} is not an SVG, PNG, JPEG or WebP image.`);
  return { bytes, file, contentType };
}

function parse<T>(schema: z.core.$ZodType<T>, body: unknown): T {
  const parsed = z.safeParse(schema, body);
  if (!parsed.success) throw new HttpError(400, 'The request body is invalid.', fieldErrors(parsed.error));
  return parsed.data;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A version as the read shows it: like Banqup's own answers, without the callbacks'
 * authorization header; its SHA-256 instead, so tests can tell which one arrived.
 */
function withoutCallbackSecret(version: Record<string, unknown>): Record<string, unknown> {
  const manifest = version.manifest as { appCallbacks?: { security?: { authorizationHeader?: unknown } } } | undefined;
  const header = manifest?.appCallbacks?.security?.authorizationHeader;
  if (!manifest?.appCallbacks?.security) return version;
  const { security: _security, ...callbacks } = manifest.appCallbacks;
  return {
    ...version,
    manifest: {
      ...manifest,
      appCallbacks: { ...callbacks, ...(typeof header === 'string' ? { authorizationHeaderSha256: createHash('sha256').update(header).digest('hex') } : {}) },
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function faultResponse(fault: store.Fault, style: ErrorStyle): Response {
  const status = fault.status ?? 500;
  return errorResponse(status, fault.detail ?? `Fault injected by the sandbox's fault control (${status}).`, {
    style,
    errors: fault.errors ?? undefined,
    headers:
      status === 429 || status === 503
        ? { 'retry-after': String(fault.retryAfter) }
        : status === 401
          ? { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' }
          : {},
  });
}

/**
 * An answer that breaks off: the status line and part of the body, then the connection is
 * cut, as when a connection drops after Banqup has carried the call out.
 */
function droppedResponse(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"id":'));
    },
    pull(controller) {
      controller.error(new Error('connection dropped by the sandbox fault control'));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** The sandbox: a faithful stand-in for the Banqup Store API of the recipe, as a fetch handler. */
export function createSandboxHandler({ db: getDb, config }: SandboxDeps) {
  async function authorize(request: Request, db: Db): Promise<void> {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    const token = match?.[1];
    if (token && (safeEqual(token, config.token) || (await store.isIssuedTokenValid(db, token)))) return;
    throw new HttpError(401, token ? 'The bearer token is invalid or expired.' : 'Send an Authorization: Bearer <token> header.');
  }

  async function oauthToken(request: Request, db: Db): Promise<Response> {
    const oauthError = (status: number, error: string, description: string) =>
      json({ error, error_description: description }, status, status === 401 ? { 'www-authenticate': 'Basic realm="sandbox"' } : {});
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
      return oauthError(400, 'invalid_request', 'Send the token request as application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(new TextDecoder().decode(await readBody(request, JSON_MAX_BYTES)));
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    }
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (a space is a +).
      const formDecode = (value: string) => {
        try {
          return decodeURIComponent(value.replace(/\+/g, ' '));
        } catch {
          return '';
        }
      };
      if (colon < 0) return oauthError(401, 'invalid_client', 'The Basic credentials are not id:secret.');
      clientId = formDecode(decoded.slice(0, colon));
      clientSecret = formDecode(decoded.slice(colon + 1));
    }
    if (!safeEqual(clientId, config.clientId) || !safeEqual(clientSecret, config.clientSecret)) {
      return oauthError(401, 'invalid_client', 'Unknown client or wrong secret.');
    }
    const token = await store.issueToken(db, clientId, SANDBOX_SCOPES, config.tokenTtlSeconds);
    return json(
      { access_token: token, token_type: 'Bearer', expires_in: config.tokenTtlSeconds, scope: SANDBOX_SCOPES },
      200,
      { 'cache-control': 'no-store' },
    );
  }

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

  /** The header every control call must carry: a custom header no cross-origin form or link can send. */
  async function control(request: Request, db: Db, route: string): Promise<Response> {
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

  async function supportDraft(request: Request, db: Db): Promise<Response> {
    const body = parse(supportDraftRequestSchema, await readJson(request));
    const application = await store.createApplication(db, body);
    return json({ applicationId: application.id, name: application.name, namespace: application.namespace, status: application.status }, 201);
  }

  /**
   * Step 1 by API: creates the draft exactly as /support/drafts does (so every other endpoint
   * then accepts its id), behind bearer auth, and answers with the application.
   */
  async function createApplication(request: Request, db: Db, version: string | undefined): Promise<Response> {
    await authorize(request, db);
    if (version !== CREATE_APPLICATION_ENDPOINT.version) {
      throw new HttpError(404, `No endpoint at /servicemngmt/${version}/applications (applications are created at ${CREATE_APPLICATION_ENDPOINT.path}).`);
    }
    if (request.method !== CREATE_APPLICATION_ENDPOINT.method) {
      return errorResponse(405, 'Use POST to create an application.', { style: config.errorStyle, headers: { allow: CREATE_APPLICATION_ENDPOINT.method } });
    }
    const body = parse(createApplicationRequestSchema, await readJson(request));
    const application = await store.createApplication(db, { name: body.name, namespace: body.namespace, ownerEntityId: body.ownerEntityId });
    return json(
      {
        id: application.id,
        namespace: application.namespace,
        name: application.name,
        ownerEntityId: body.ownerEntityId,
        functionalType: body.functionalType,
        audienceType: body.audienceType,
        status: application.status,
      },
      201,
    );
  }

  async function readApplication(db: Db, applicationId: string): Promise<Response> {
    const application = await store.findApplication(db, applicationId);
    if (!application) throw new HttpError(404, `Unknown application ${applicationId}.`);
    const items = await store.listItems(db, applicationId);
    const of = (kind: store.ItemKind) => items.filter((item) => item.kind === kind);
    const fileFacts = (item: store.StoredItem) =>
      item.file ? { size: item.file.size, contentType: item.file.contentType, sha256: item.file.sha256 } : null;
    const logo = of('logo')[0];
    // Each item with the sandbox's own id for it (duplicates stay apart) and `writes`: how many
    // times it was received (above 1 only for the logo, which each PUT replaces).
    const view = (item: store.StoredItem) => ({ ...item.data, id: item.id, writes: item.writes });
    return json({
      application,
      infoLocalizations: of('infoLocalization').map(view),
      logo: logo ? { ...view(logo), ...fileFacts(logo), updatedAt: logo.updatedAt } : null,
      medias: of('media')
        .map((item) => ({ ...view(item), displayOrder: Number(item.data.displayOrder), applicationId, ...fileFacts(item) }))
        .sort((a, b) => a.displayOrder - b.displayOrder),
      spaceTypes: of('spaceType').map(view),
      spaceSegments: of('spaceSegment').map(view),
      brands: of('brand').map(view),
      locations: of('location').map(view),
      versions: of('version').map((item) => ({ ...withoutCallbackSecret(view(item)), createdAt: item.createdAt })),
    });
  }

  /**
   * Steps 2–9. NOTE: as the recipe's examples show, the answers to steps 2 and 5–8 carry the
   * applicationId as `id`; a media answers with its own id and the applicationId. Every POST
   * adds an item, a second POST of the same one too (see store.addItem); the logo's PUT replaces.
   */
  async function applicationResource(request: Request, db: Db, name: EndpointName, applicationId: string): Promise<Response> {
    const app = applicationId;
    switch (name) {
      case 'infoLocalizations': {
        const body = parse(infoLocalizationRequestSchema, await readJson(request));
        await store.addItem(db, app, 'infoLocalization', body.locale, body);
        return json({ id: app, ...body }, 201);
      }
      case 'logo': {
        const form = await readMultipart(request);
        const { bytes, file, contentType } = await readImage(form, LOGO_FILE_FIELD, LOGO_MAX_BYTES);
        await store.putLogo(db, app, { fileName: file.name, contentType }, store.describeFile(bytes, contentType));
        // NOTE: the recipe documents no body for this step: "The logo is successfully added to the app."
        return new Response(null, { status: 200 });
      }
      case 'medias': {
        const form = await readMultipart(request);
        const fields = parse(mediaFormFieldsSchema, { displayOrder: form.get('displayOrder') ?? undefined, mediaType: form.get('mediaType') ?? undefined });
        const { bytes, file, contentType } = await readImage(form, MEDIA_FILE_FIELD, MEDIA_MAX_BYTES);
        const id = await store.addItem(db, app, 'media', String(fields.displayOrder), { ...fields, fileName: file.name, contentType }, store.describeFile(bytes, contentType));
        return json({ id, applicationId: app, mediaType: fields.mediaType, displayOrder: fields.displayOrder }, 201);
      }
      case 'spaceTypes': {
        const body = parse(spaceTypeRequestSchema, await readJson(request));
        await store.addItem(db, app, 'spaceType', body.spaceType, body);
        return json({ id: app, ...body }, 201);
      }
      case 'spaceSegments': {
        const body = parse(spaceSegmentRequestSchema, await readJson(request));
        await store.addItem(db, app, 'spaceSegment', body.spaceSegment, body);
        return json({ id: app, ...body }, 201);
      }
      case 'brands': {
        const body = parse(brandRequestSchema, await readJson(request));
        await store.addItem(db, app, 'brand', body.brandName, body);
        return json({ id: app, ...body }, 201);
      }
      case 'locations': {
        const body = parse(locationRequestSchema, await readJson(request));
        await store.addItem(db, app, 'location', body.countryCode, body);
        return json({ id: app, ...body }, 201);
      }
      case 'versions': {
        const body = parse(versionRequestSchema, await readJson(request));
        const id = await store.insertNewItem(db, app, 'version', body.version, { ...body, status: 'VALID' });
        if (!id) throw new HttpError(409, `Version ${body.version} already exists for this application.`, [{ field: 'version', message: 'This version already exists' }]);
        // The response omits the serviceAccount and the callbacks' security block, as the recipe shows.
        const { serviceAccount: _serviceAccount, appCallbacks, ...manifest } = body.manifest;
        const { security: _security, ...callbackUrls } = appCallbacks ?? {};
        return json(
          {
            id,
            version: body.version,
            releaseNote: body.releaseNote,
            releaseDate: body.releaseDate,
            manifest: { ...manifest, ...(appCallbacks ? { appCallbacks: callbackUrls } : {}) },
            copyright: body.copyright,
            status: 'VALID',
          },
          201,
        );
      }
    }
  }

  async function serviceManagement(request: Request, db: Db, route: string): Promise<Response> {
    const collection = /^\/servicemngmt\/(v\d+)\/applications\/?$/.exec(route);
    if (collection) return createApplication(request, db, collection[1]);
    const match = /^\/servicemngmt\/(v\d+)\/applications\/([^/]+)(?:\/([A-Za-z]+))?\/?$/.exec(route);
    if (!match) throw new HttpError(404, `No endpoint at ${route}.`);
    const [, version, rawId = '', resource] = match;
    await authorize(request, db);
    const applicationId = decodeURIComponent(rawId);
    const id = uuidSchema.safeParse(applicationId);
    const application = id.success ? await store.findApplication(db, id.data) : undefined;

    if (!resource) {
      if (version !== 'v1' || request.method !== 'GET') throw new HttpError(request.method === 'GET' ? 404 : 405, 'Only GET /servicemngmt/v1/applications/{applicationId} reads an application.');
      return readApplication(db, applicationId);
    }
    const entry = (Object.entries(ENDPOINTS) as [EndpointName, (typeof ENDPOINTS)[EndpointName]][]).find(([, e]) => e.resource === resource);
    if (!entry || entry[1].version !== version) {
      const hint = entry ? ` (this resource is served under /servicemngmt/${entry[1].version}/)` : '';
      throw new HttpError(404, `No endpoint at ${route}${hint}.`);
    }
    const [name, endpoint] = entry;
    if (request.method !== endpoint.method) {
      return errorResponse(405, `Use ${endpoint.method} for ${resource}.`, { style: config.errorStyle, headers: { allow: endpoint.method } });
    }
    if (!application) throw new HttpError(404, `Unknown application ${applicationId}.`);
    return applicationResource(request, db, name, application.id);
  }

  return async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const route = url.pathname.replace(/^.*?\/sandbox(?=\/|$)/, '') || '/';
    let style: ErrorStyle = config.errorStyle;
    try {
      const db = await getDb();
      if (route.startsWith('/control/')) return await control(request, db, route);

      const fault = await store.takeFault(db, request.method, route);
      if (fault?.style) style = fault.style;
      if (fault && !fault.after) {
        if (fault.delayMs > 0) await sleep(fault.delayMs);
        if (fault.status !== null) return faultResponse(fault, style);
      }

      const response = await dispatch(request, db, route);
      if (fault?.after && response.ok) {
        // The call is carried out; now the client must not learn it for sure.
        if (fault.delayMs > 0) await sleep(fault.delayMs);
        if (fault.drop) return droppedResponse();
        if (fault.status !== null) return faultResponse(fault, style);
      }
      return response;
    } catch (error) {
      if (error instanceof HttpError) {
        return errorResponse(error.status, error.message, {
          style,
          errors: error.errors,
          type: error.status === 400 ? 'urn:banqup-sandbox:problem:invalid-body' : undefined,
          headers: error.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {},
        });
      }
      log.error('sandbox failed', { method: request.method, route, error: error instanceof Error ? error.message : 'unknown error' });
      return errorResponse(500, 'The sandbox failed to handle the request.', { style });
    }
  };

  async function dispatch(request: Request, db: Db, route: string): Promise<Response> {
    if (route === '/oauth/token' && request.method === 'POST') return await oauthToken(request, db);
    if (route === '/support/drafts' && request.method === 'POST') return await supportDraft(request, db);
    if (route.startsWith('/servicemngmt/')) return await serviceManagement(request, db, route);
    throw new HttpError(404, `No endpoint at ${route}.`);
  }
}
