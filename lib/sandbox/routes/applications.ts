import 'server-only';
import { createHash } from 'node:crypto';
import { CREATE_APPLICATION_ENDPOINT } from '@/lib/banqup/endpoints';
import { createApplicationRequestSchema, supportDraftRequestSchema } from '@/lib/banqup/schemas';
import { errorResponse, json } from '../responses';
import { HttpError, parse, readJson, type SandboxContext } from '../request';
import * as store from '../store';
import { authorize } from './auth';

/** POST /support/drafts: stands in for Banqup Support creating the draft app of step 1. */
export async function supportDraft({ request, db }: SandboxContext): Promise<Response> {
  const body = parse(supportDraftRequestSchema, await readJson(request));
  const application = await store.createApplication(db, body);
  return json({ applicationId: application.id, name: application.name, namespace: application.namespace, status: application.status }, 201);
}

/**
 * /servicemngmt/{version}/applications: step 1 by API. Creates the draft exactly as
 * /support/drafts does (so every other endpoint then accepts its id), behind bearer auth, and
 * answers with the application.
 */
export async function createApplication(context: SandboxContext, version: string): Promise<Response> {
  const { request, db, config } = context;
  await authorize(context);
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

/** GET /servicemngmt/v1/applications/{applicationId}: everything the sandbox holds for the application. */
export async function readApplication(context: SandboxContext, version: string, rawId: string): Promise<Response> {
  const { request, db } = context;
  await authorize(context);
  const applicationId = decodeURIComponent(rawId);
  if (version !== 'v1' || request.method !== 'GET') throw new HttpError(request.method === 'GET' ? 404 : 405, 'Only GET /servicemngmt/v1/applications/{applicationId} reads an application.');
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
