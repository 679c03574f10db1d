import 'server-only';
import type * as z from 'zod';
import { ENDPOINTS, type EndpointName } from '@/lib/banqup/endpoints';
import { LOGO_MAX_BYTES, MEDIA_MAX_BYTES } from '@/lib/banqup/limits';
import {
  LOGO_FILE_FIELD,
  MEDIA_FILE_FIELD,
  brandRequestSchema,
  infoLocalizationRequestSchema,
  locationRequestSchema,
  mediaFormFieldsSchema,
  spaceSegmentRequestSchema,
  spaceTypeRequestSchema,
  uuidSchema,
  versionRequestSchema,
} from '@/lib/banqup/schemas';
import { errorResponse, json } from '../responses';
import { HttpError, parse, readImage, readJson, readMultipart, type SandboxContext } from '../request';
import * as store from '../store';
import { authorize } from './auth';

/** One step's resource of an application that exists, as its endpoint receives it. */
type ResourceHandler = (context: SandboxContext, applicationId: string) => Promise<Response>;

/**
 * A JSON item (steps 2 and 5–8): added, a second POST of the same one too (see store.addItem),
 * and answered with the body and, as the recipe's examples show, the applicationId as `id`.
 */
function jsonItem<T extends Record<string, unknown>>(schema: z.core.$ZodType<T>, kind: Exclude<store.ItemKind, 'logo' | 'media' | 'version'>, keyOf: (body: T) => string): ResourceHandler {
  return async ({ request, db }, applicationId) => {
    const body = parse(schema, await readJson(request));
    await store.addItem(db, applicationId, kind, keyOf(body), body);
    return json({ id: applicationId, ...body }, 201);
  };
}

/** Step 3: the logo's PUT replaces it. */
const logo: ResourceHandler = async ({ request, db }, applicationId) => {
  const form = await readMultipart(request);
  const { bytes, file, contentType } = await readImage(form, LOGO_FILE_FIELD, LOGO_MAX_BYTES);
  await store.putLogo(db, applicationId, { fileName: file.name, contentType }, store.describeFile(bytes, contentType));
  // NOTE: the recipe documents no body for this step: "The logo is successfully added to the app."
  return new Response(null, { status: 200 });
};

/** Step 4: a media answers with its own id and the applicationId. */
const medias: ResourceHandler = async ({ request, db }, applicationId) => {
  const form = await readMultipart(request);
  const fields = parse(mediaFormFieldsSchema, { displayOrder: form.get('displayOrder') ?? undefined, mediaType: form.get('mediaType') ?? undefined });
  const { bytes, file, contentType } = await readImage(form, MEDIA_FILE_FIELD, MEDIA_MAX_BYTES);
  const id = await store.addItem(db, applicationId, 'media', String(fields.displayOrder), { ...fields, fileName: file.name, contentType }, store.describeFile(bytes, contentType));
  return json({ id, applicationId, mediaType: fields.mediaType, displayOrder: fields.displayOrder }, 201);
};

/** Step 9: one version per version number (409 for a second one). */
const versions: ResourceHandler = async ({ request, db }, applicationId) => {
  const body = parse(versionRequestSchema, await readJson(request));
  const id = await store.insertNewItem(db, applicationId, 'version', body.version, { ...body, status: 'VALID' });
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
};

/** Steps 2–9, by the recipe's endpoint names (lib/banqup/endpoints.ts). */
const RESOURCES: { [Name in EndpointName]: ResourceHandler } = {
  infoLocalizations: jsonItem(infoLocalizationRequestSchema, 'infoLocalization', (body) => body.locale),
  logo,
  medias,
  spaceTypes: jsonItem(spaceTypeRequestSchema, 'spaceType', (body) => body.spaceType),
  spaceSegments: jsonItem(spaceSegmentRequestSchema, 'spaceSegment', (body) => body.spaceSegment),
  brands: jsonItem(brandRequestSchema, 'brand', (body) => body.brandName),
  locations: jsonItem(locationRequestSchema, 'location', (body) => body.countryCode),
  versions,
};

/**
 * /servicemngmt/{version}/applications/{applicationId}/{resource}: the endpoint of the recipe
 * with that resource, at its version and method, for an application the sandbox holds.
 */
export async function applicationResource(context: SandboxContext, version: string, rawId: string, resource: string): Promise<Response> {
  const { request, db, config, route } = context;
  await authorize(context);
  const applicationId = decodeURIComponent(rawId);
  const entry = (Object.entries(ENDPOINTS) as [EndpointName, (typeof ENDPOINTS)[EndpointName]][]).find(([, e]) => e.resource === resource);
  if (!entry || entry[1].version !== version) {
    const hint = entry ? ` (this resource is served under /servicemngmt/${entry[1].version}/)` : '';
    throw new HttpError(404, `No endpoint at ${route}${hint}.`);
  }
  const [name, endpoint] = entry;
  if (request.method !== endpoint.method) {
    return errorResponse(405, `Use ${endpoint.method} for ${resource}.`, { style: config.errorStyle, headers: { allow: endpoint.method } });
  }
  const id = uuidSchema.safeParse(applicationId);
  const application = id.success ? await store.findApplication(db, id.data) : undefined;
  if (!application) throw new HttpError(404, `Unknown application ${applicationId}.`);
  return RESOURCES[name](context, application.id);
}
