import 'server-only';
import * as z from 'zod';
import { fieldErrorsOf } from '@/lib/zod-issues';
import { CREATE_APPLICATION_ENDPOINT, applicationPath, endpointPath } from './endpoints';
import type { BanqupError } from './errors';
import { banqupRequest, type BanqupResult, type CallContext, type HttpOptions } from './http';
import {
  LOGO_FILE_FIELD,
  MEDIA_FILE_FIELD,
  brandRequestSchema,
  brandResponseSchema,
  createApplicationRequestSchema,
  createApplicationResponseSchema,
  infoLocalizationRequestSchema,
  infoLocalizationResponseSchema,
  locationRequestSchema,
  locationResponseSchema,
  mediaFormFieldsSchema,
  mediaResponseSchema,
  spaceSegmentRequestSchema,
  spaceSegmentResponseSchema,
  spaceTypeRequestSchema,
  spaceTypeResponseSchema,
  uuidSchema,
  versionRequestSchema,
  versionResponseSchema,
  type BrandRequest,
  type CreateApplicationRequest,
  type CreateApplicationResponse,
  type InfoLocalizationRequest,
  type LocationRequest,
  type MediaFormFields,
  type SpaceSegmentRequest,
  type SpaceTypeRequest,
  type VersionRequest,
} from './schemas';

/** A file to upload, as the wizard keeps it. */
export type UploadFile = { bytes: Uint8Array; fileName: string; contentType: string };

function invalidRequest(error: z.core.$ZodError): { ok: false; error: BanqupError } {
  const fieldErrors = fieldErrorsOf(error.issues, '(body)');
  return {
    ok: false,
    error: { kind: 'config', status: null, title: 'Not sent', detail: 'The request does not match the recipe, so it was not sent.', fieldErrors, retryable: false },
  };
}

function toBlob(file: UploadFile): Blob {
  return new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.contentType });
}

/**
 * One typed function per endpoint of the recipe (steps 2–9), and step 1 by API. Each validates its input with
 * the contract's request schema (an invalid request is never sent), and answers with the
 * response parsed by the contract's response schema.
 */
export function createBanqupClient(options: HttpOptions) {
  async function sendJson<Req, Res>(
    applicationId: string,
    name: Parameters<typeof endpointPath>[0],
    requestSchema: z.core.$ZodType<Req>,
    responseSchema: z.core.$ZodType<Res>,
    body: Req,
    context?: CallContext,
  ): Promise<BanqupResult<Res>> {
    const id = uuidSchema.safeParse(applicationId);
    if (!id.success) return invalidRequest(new z.ZodError(id.error.issues.map((issue) => ({ ...issue, path: ['applicationId'] }))));
    const parsed = z.safeParse(requestSchema, body);
    if (!parsed.success) return invalidRequest(parsed.error);
    return banqupRequest(
      options,
      { method: 'POST', path: endpointPath(name, id.data), body: { kind: 'json', value: parsed.data }, schema: responseSchema },
      context,
    );
  }

  return {
    options,

    /**
     * Step 1 by API, where the environment allows it (403/404/405 where it does not: the
     * draft then comes from Banqup Support). A POST: never resent after a timeout.
     */
    async createApplication(body: CreateApplicationRequest, context?: CallContext): Promise<BanqupResult<CreateApplicationResponse>> {
      const parsed = createApplicationRequestSchema.safeParse(body);
      if (!parsed.success) return invalidRequest(parsed.error);
      return banqupRequest(
        options,
        { method: CREATE_APPLICATION_ENDPOINT.method, path: CREATE_APPLICATION_ENDPOINT.path, body: { kind: 'json', value: parsed.data }, schema: createApplicationResponseSchema },
        context,
      );
    },

    /**
     * Reads the application and what it holds. NOTE: not in the recipe; the sandbox offers it,
     * and some Banqup environments may. Used only to settle calls whose outcome is unknown.
     */
    async getApplication(applicationId: string, context?: CallContext): Promise<BanqupResult<Record<string, unknown>>> {
      const id = uuidSchema.safeParse(applicationId);
      if (!id.success) return invalidRequest(id.error);
      return banqupRequest(options, { method: 'GET', path: applicationPath(id.data), schema: z.record(z.string(), z.unknown()) }, context);
    },

    /** Step 2: app info for one locale. */
    addInfoLocalization: (applicationId: string, body: InfoLocalizationRequest, context?: CallContext) =>
      sendJson(applicationId, 'infoLocalizations', infoLocalizationRequestSchema, infoLocalizationResponseSchema, body, context),

    /** Step 3: the logo (PUT replaces it). The recipe documents no response body. */
    async putLogo(applicationId: string, file: UploadFile, context?: CallContext): Promise<BanqupResult<null>> {
      const id = uuidSchema.safeParse(applicationId);
      if (!id.success) return invalidRequest(id.error);
      const form = new FormData();
      form.set(LOGO_FILE_FIELD, toBlob(file), file.fileName);
      return banqupRequest(options, { method: 'PUT', path: endpointPath('logo', id.data), body: { kind: 'multipart', form }, schema: null }, context);
    },

    /** Step 4: one media file. */
    async addMedia(applicationId: string, file: UploadFile, fields: MediaFormFields, context?: CallContext) {
      const id = uuidSchema.safeParse(applicationId);
      if (!id.success) return invalidRequest(id.error);
      const parsed = mediaFormFieldsSchema.safeParse(fields);
      if (!parsed.success) return invalidRequest(parsed.error);
      const form = new FormData();
      form.set(MEDIA_FILE_FIELD, toBlob(file), file.fileName);
      form.set('displayOrder', String(parsed.data.displayOrder));
      form.set('mediaType', parsed.data.mediaType);
      return banqupRequest(
        options,
        { method: 'POST', path: endpointPath('medias', id.data), body: { kind: 'multipart', form }, schema: mediaResponseSchema },
        context,
      );
    },

    /** Step 5. */
    addSpaceType: (applicationId: string, body: SpaceTypeRequest, context?: CallContext) =>
      sendJson(applicationId, 'spaceTypes', spaceTypeRequestSchema, spaceTypeResponseSchema, body, context),

    /** Step 6. */
    addSpaceSegment: (applicationId: string, body: SpaceSegmentRequest, context?: CallContext) =>
      sendJson(applicationId, 'spaceSegments', spaceSegmentRequestSchema, spaceSegmentResponseSchema, body, context),

    /** Step 7. */
    addBrand: (applicationId: string, body: BrandRequest, context?: CallContext) =>
      sendJson(applicationId, 'brands', brandRequestSchema, brandResponseSchema, body, context),

    /** Step 8: one country (or ALL). */
    addLocation: (applicationId: string, body: LocationRequest, context?: CallContext) =>
      sendJson(applicationId, 'locations', locationRequestSchema, locationResponseSchema, body, context),

    /** Step 9: a version with its manifest. */
    addVersion: (applicationId: string, body: VersionRequest, context?: CallContext) =>
      sendJson(applicationId, 'versions', versionRequestSchema, versionResponseSchema, body, context),
  };
}

export type BanqupClient = ReturnType<typeof createBanqupClient>;
