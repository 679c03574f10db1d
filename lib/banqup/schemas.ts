/**
 * The Banqup Store API contract, as the recipe "Register a new application in Banqup Store"
 * documents it: one zod schema per request body and per documented response of steps 2–9.
 *
 * This module is shared: the typed client parses responses with it, the built-in sandbox
 * validates requests with it, and the wizard's step schemas are derived from it.
 * It must stay free of secrets and server-only imports.
 *
 * Written with `zod/mini` because it ships to the browser (the step forms validate with it):
 * mini's functions tree-shake, where classic zod's chained methods pull the whole library
 * into every step page. Server-only modules use classic zod; both parse the same way.
 */
import * as z from 'zod/mini';
import { COUNTRY_CODES, isCountryCode } from './countries';
import {
  ASSURANCE_LEVELS,
  AUDIENCE_TYPES,
  BRAND_NAMES,
  FUNCTIONAL_TYPES,
  LOCATION_STATUSES,
  MEDIA_TYPES,
  NAMESPACE_MAX_CHARS,
  SEMVER_PATTERN,
  SPACE_SEGMENTS,
  SPACE_TYPES,
} from './vocabulary';

// The API's words (enums, field names, patterns), for the server's one import.
export * from './vocabulary';

// ---------------------------------------------------------------------------------------
// Formats.

/** An identifier in UUID form (8-4-4-4-12 hex digits), as Banqup uses for every id. */
export const uuidSchema = z.guid({ error: 'Must be a UUID, e.g. 2aa7c756-6d55-44b6-9b60-06212611cfd6' });

const BCP47_SHAPE = /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-[A-Za-z0-9]{5,8}|-\d[A-Za-z0-9]{3})*$/;

/** A BCP 47 language tag such as en-GB, fr-BE or nl-NL. */
export const localeSchema = z.string({ error: 'Enter a language tag such as en-GB' }).check(
  z.trim(),
  z.regex(BCP47_SHAPE, { error: 'Must be a BCP 47 language tag such as en-GB, fr-BE or nl-NL' }),
  z.refine(
    (tag) => {
      try {
        return Intl.getCanonicalLocales(tag).length === 1;
      } catch {
        return false;
      }
    },
    { error: 'Must be a BCP 47 language tag such as en-GB, fr-BE or nl-NL' },
  ),
);

/** ISO 3166-1 alpha-2 country code, or ALL for every available location. */
export const countryCodeSchema = z.string({ error: 'Choose a country' }).check(
  z.refine((code) => code === 'ALL' || isCountryCode(code), {
    error: 'Must be an ISO 3166-1 alpha-2 country code (e.g. BE, FR, NL) or ALL',
  }),
);

export const semverSchema = z
  .string({ error: 'Enter a version such as 1.0.0' })
  .check(z.regex(SEMVER_PATTERN, { error: 'Must be a semantic version such as 1.0.0' }));

/** ISO 8601 date and time with a zone, e.g. 2026-04-16T13:03:36Z. */
export const isoDateTimeSchema = z.iso.datetime({
  offset: true,
  error: 'Must be an ISO 8601 date and time such as 2026-04-16T13:03:36Z',
});

/** An http(s) URL, as the app callbacks take. */
export const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL' });

/** Required text, trimmed; at most `max` characters when a limit is given. */
const requiredText = (what: string, max?: number, tooLong = `${what} is too long`) =>
  z.string({ error: `${what} is required` }).check(
    z.trim(),
    z.minLength(1, { error: `${what} is required` }),
    ...(max === undefined ? [] : [z.maxLength(max, { error: tooLong })]),
  );

/** Optional text of at most `max` characters. */
const optionalText = (what: string, max: number) => z.optional(z.string().check(z.maxLength(max, { error: `${what} is too long` })));

// ---------------------------------------------------------------------------------------
// Step 2: POST /servicemngmt/v2/applications/{applicationId}/infoLocalizations

export const infoLocalizationRequestSchema = z.object({
  locale: localeSchema,
  displayName: requiredText('Display name', 500),
  shortDescription: requiredText('Short description', 2_000),
  description: requiredText('Description', 50_000),
});
export type InfoLocalizationRequest = z.infer<typeof infoLocalizationRequestSchema>;

export const infoLocalizationResponseSchema = z.extend(infoLocalizationRequestSchema, { id: uuidSchema });
export type InfoLocalizationResponse = z.infer<typeof infoLocalizationResponseSchema>;

// ---------------------------------------------------------------------------------------
// Step 3: PUT /servicemngmt/v1/applications/{applicationId}/logo (multipart, field logoFile)
// The recipe documents no response body: "The logo is successfully added to the app."


// ---------------------------------------------------------------------------------------
// Step 4: POST /servicemngmt/v1/applications/{applicationId}/medias
// (multipart: mediaFile, displayOrder, mediaType)


/** The non-file fields of the media upload, as they arrive in the multipart form (strings). */
export const mediaFormFieldsSchema = z.object({
  displayOrder: z.coerce
    .number({ error: 'displayOrder must be a whole number' })
    .check(z.refine(Number.isInteger, { error: 'displayOrder must be a whole number' }), z.minimum(1, { error: 'displayOrder starts at 1' })),
  mediaType: z.enum(MEDIA_TYPES, { error: 'mediaType must be IMAGE' }),
});
export type MediaFormFields = z.infer<typeof mediaFormFieldsSchema>;

export const mediaResponseSchema = z.object({
  id: uuidSchema,
  applicationId: uuidSchema,
  mediaType: z.enum(MEDIA_TYPES),
  displayOrder: z.coerce.number().check(z.refine(Number.isInteger, { error: 'displayOrder must be a whole number' })),
});
export type MediaResponse = z.infer<typeof mediaResponseSchema>;

// ---------------------------------------------------------------------------------------
// Step 5: POST /servicemngmt/v1/applications/{applicationId}/spaceTypes

export const spaceTypeRequestSchema = z.object({
  spaceType: z.enum(SPACE_TYPES, { error: 'spaceType must be BUSINESS or PARTNER' }),
});
export const spaceTypeResponseSchema = z.extend(spaceTypeRequestSchema, { id: uuidSchema });
export type SpaceTypeRequest = z.infer<typeof spaceTypeRequestSchema>;
export type SpaceTypeResponse = z.infer<typeof spaceTypeResponseSchema>;

// ---------------------------------------------------------------------------------------
// Step 6: POST /servicemngmt/v2/applications/{applicationId}/spaceSegments

export const spaceSegmentRequestSchema = z.object({
  spaceSegment: z.enum(SPACE_SEGMENTS, { error: `spaceSegment must be one of ${SPACE_SEGMENTS.join(', ')}` }),
});
export const spaceSegmentResponseSchema = z.extend(spaceSegmentRequestSchema, { id: uuidSchema });
export type SpaceSegmentRequest = z.infer<typeof spaceSegmentRequestSchema>;
export type SpaceSegmentResponse = z.infer<typeof spaceSegmentResponseSchema>;

// ---------------------------------------------------------------------------------------
// Step 7: POST /servicemngmt/v1/applications/{applicationId}/brands

export const brandRequestSchema = z.object({
  brandName: z.enum(BRAND_NAMES, { error: 'brandName must be Banqup, Jefacture or ALL' }),
});
export const brandResponseSchema = z.extend(brandRequestSchema, { id: uuidSchema });
export type BrandRequest = z.infer<typeof brandRequestSchema>;
export type BrandResponse = z.infer<typeof brandResponseSchema>;

// ---------------------------------------------------------------------------------------
// Step 8: POST /servicemngmt/v1/applications/{applicationId}/locations

export const locationRequestSchema = z.object({
  countryCode: countryCodeSchema,
  status: z.enum(LOCATION_STATUSES, { error: 'status must be ACTIVE or INACTIVE' }),
});
export const locationResponseSchema = z.extend(locationRequestSchema, { id: uuidSchema });
export type LocationRequest = z.infer<typeof locationRequestSchema>;
export type LocationResponse = z.infer<typeof locationResponseSchema>;

// ---------------------------------------------------------------------------------------
// Step 9: POST /servicemngmt/v1/applications/{applicationId}/versions

export const permissionSchema = z.object({
  resource: requiredText('Resource'),
  scope: requiredText('Scope'),
});
export type Permission = z.infer<typeof permissionSchema>;

const assuranceLevelSchema = z.enum(ASSURANCE_LEVELS, { error: `Must be one of ${ASSURANCE_LEVELS.join(', ')}` });
export const minAssuranceLevelsSchema = z.object({
  entity: z.optional(assuranceLevelSchema),
  user: z.optional(assuranceLevelSchema),
});

/** The five lifecycle callbacks; each is optional in the recipe ("No" in the Required column). */
const appCallbackUrlsShape = {
  addUrl: z.optional(httpUrlSchema),
  activationUrl: z.optional(httpUrlSchema),
  deactivationUrl: z.optional(httpUrlSchema),
  configureUrl: z.optional(httpUrlSchema),
  removeUrl: z.optional(httpUrlSchema),
};

export const appCallbacksRequestSchema = z.object({
  ...appCallbackUrlsShape,
  security: z.optional(
    z.object({ authorizationHeader: z.string().check(z.minLength(1, { error: 'The authorization header cannot be empty' })) }),
  ),
});
/** The versions response never carries the callbacks' security block. */
export const appCallbacksResponseSchema = z.object(appCallbackUrlsShape);

/** NOTE: the recipe gives no shape for dependencies or clientConfigurations; both are JSON. */
export const dependenciesSchema = z.array(z.record(z.string(), z.unknown()), {
  error: 'dependencies must be a list of JSON objects',
});
export const clientConfigurationsSchema = z.record(z.string(), z.unknown(), {
  error: 'clientConfigurations must be a JSON object',
});

export const accessManagementSchema = z.object({ permissions: z.array(permissionSchema) });

export const manifestRequestSchema = z.object({
  serviceAccount: uuidSchema,
  accessManagement: z.optional(accessManagementSchema),
  dependencies: z.optional(dependenciesSchema),
  minAssuranceLevels: z.optional(minAssuranceLevelsSchema),
  clientConfigurations: z.optional(clientConfigurationsSchema),
  appCallbacks: z.optional(appCallbacksRequestSchema),
});

export const versionRequestSchema = z.object({
  version: semverSchema,
  releaseNote: optionalText('Release note', 10_000),
  releaseDate: z.optional(isoDateTimeSchema),
  manifest: manifestRequestSchema,
  copyright: optionalText('Copyright', 500),
});
export type VersionRequest = z.infer<typeof versionRequestSchema>;

export const versionResponseSchema = z.object({
  id: uuidSchema,
  version: semverSchema,
  releaseNote: z.optional(z.string()),
  releaseDate: z.optional(z.string()),
  manifest: z.object({
    accessManagement: z.optional(accessManagementSchema),
    additionalScopes: z.optional(z.object({ spaceScopes: z.optional(z.array(z.string())), translations: z.optional(z.string()) })),
    dependencies: z.optional(dependenciesSchema),
    minAssuranceLevels: z.optional(minAssuranceLevelsSchema),
    clientConfigurations: z.optional(clientConfigurationsSchema),
    appCallbacks: z.optional(appCallbacksResponseSchema),
  }),
  copyright: z.optional(z.string()),
  /** The recipe documents VALID; other values are passed through for the user to see. */
  status: z.string(),
});
export type VersionResponse = z.infer<typeof versionResponseSchema>;

// ---------------------------------------------------------------------------------------
// Step 1 has no API call in the recipe: Banqup Support creates the draft. These are the
// facts the developer sends them, and the sandbox's stand-in for Support.


/**
 * The namespace. Banqup publishes no format or length rule, and its own production example is
 * `com.unifiedpost.btx` (dots), so only what cannot be meant is refused: nothing at all, or a
 * control character (a pasted line break or tab). Style advice (lowercase, short) is a warning
 * in the form, from lib/wizard/identity-warnings.ts, never a refusal.
 */
export const namespaceSchema = z.string({ error: 'Namespace is required' }).check(
  z.trim(),
  z.minLength(1, { error: 'Namespace is required' }),
  z.maxLength(NAMESPACE_MAX_CHARS, { error: `Namespace must be at most ${NAMESPACE_MAX_CHARS} characters` }),
  z.refine((namespace) => !/\p{Cc}/u.test(namespace), {
    error: 'The namespace contains a control character (a line break or a tab?): remove it',
  }),
);

/** The draft's fields, without the either-or rule (so forms can derive from it). */
export const supportDraftFieldsSchema = z.object({
  name: requiredText('App name', 100, 'App name must be at most 100 characters'),
  namespace: namespaceSchema,
  ownerEntityId: z.optional(uuidSchema),
  developerPortalAppId: z.optional(uuidSchema),
});

export const supportDraftRequestSchema = supportDraftFieldsSchema.check(
  z.refine((draft) => draft.ownerEntityId !== undefined || draft.developerPortalAppId !== undefined, {
    error: 'Give the ownerEntityId (legal entity id) or, if you do not register in Banqup, the Developer Portal app id',
    path: ['ownerEntityId'],
  }),
);
export type SupportDraftRequest = z.infer<typeof supportDraftRequestSchema>;

export const supportDraftResponseSchema = z.object({
  applicationId: uuidSchema,
  name: z.string(),
  namespace: z.string(),
  status: z.literal('DRAFT'),
});
export type SupportDraftResponse = z.infer<typeof supportDraftResponseSchema>;

// ---------------------------------------------------------------------------------------
// Step 1 by API (not in the recipe): POST /servicemngmt/v2/applications, where the Banqup
// environment allows it. The same facts as the Support request, for an ownerEntityId.


export const createApplicationRequestSchema = z.object({
  namespace: namespaceSchema,
  name: supportDraftFieldsSchema.shape.name,
  ownerEntityId: uuidSchema,
  functionalType: z.enum(FUNCTIONAL_TYPES, { error: 'functionalType must be APPLICATION' }),
  audienceType: z.enum(AUDIENCE_TYPES, { error: 'audienceType must be PUBLIC' }),
});
export type CreateApplicationRequest = z.infer<typeof createApplicationRequestSchema>;

/**
 * The created application: its id, the fields sent, status DRAFT. Only the id is required
 * of the answer: it is what the wizard needs, and environments differ in what they echo.
 */
export const createApplicationResponseSchema = z.looseObject({
  id: uuidSchema,
  namespace: z.optional(z.string()),
  name: z.optional(z.string()),
  ownerEntityId: z.optional(z.string()),
  functionalType: z.optional(z.string()),
  audienceType: z.optional(z.string()),
  status: z.optional(z.string()),
});
export type CreateApplicationResponse = z.infer<typeof createApplicationResponseSchema>;

// ---------------------------------------------------------------------------------------
// Errors and tokens.

/** OAuth2 token response (RFC 6749 §5.1). */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.optional(z.string()),
  // NOTE: gateways send expires_in as a number, as a string, or not at all; a value that is
  // not a positive number counts as not stated (the token provider then assumes 5 minutes).
  expires_in: z.catch(z.optional(z.coerce.number().check(z.positive())), undefined),
  // RFC 6749 says a space-separated string; some gateways send a list.
  scope: z.catch(z.optional(z.union([z.string(), z.array(z.string())])), undefined),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export { COUNTRY_CODES };
