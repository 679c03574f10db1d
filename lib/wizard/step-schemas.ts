/**
 * One schema per wizard step, derived from the Banqup API contract (lib/banqup/schemas).
 * The step's form validates with it in the browser (zodResolver) and its server action
 * parses the same schema again. Plain module: no secrets, no server-only imports.
 * Written with `zod/mini`, as lib/banqup/schemas is: it ships to the browser.
 */
import * as z from 'zod/mini';
import {
  APP_CALLBACK_KEYS,
  ASSURANCE_LEVELS,
  SPACE_SEGMENTS,
  SPACE_TYPES,
  brandRequestSchema,
  segmentsForSpaceTypes,
  countryCodeSchema,
  httpUrlSchema,
  infoLocalizationRequestSchema,
  isoDateTimeSchema,
  namespaceSchema,
  permissionSchema,
  semverSchema,
  supportDraftFieldsSchema,
  uuidSchema,
  type SpaceType,
} from '@/lib/banqup/schemas';
import { LISTING_LIMITS, MAX_MEDIA_ITEMS } from './listing-limits';
import { JSON_NUMBER, PROPERTY_TYPES, readClientConfigurations, readDependencies, releaseDateNow } from './manifest-values';
import { compareSemver } from './semver';

// The words and limits the forms render with, from zod-free modules (the forms load this one
// only when they first validate): re-exported for the server's one import.
export { ASSURANCE_LEVEL_DESCRIPTIONS, PERMISSION_SUGGESTIONS } from '@/lib/banqup/vocabulary';
export { MAX_MEDIA_ITEMS } from './listing-limits';

/** A text input left empty: the API field is then not sent. */
const blank = z.literal('');
const optionalText = <T extends z.ZodMiniType>(schema: T) => z.union([blank, schema]);

// ---------------------------------------------------------------------------------------
// Step 1: the facts for Banqup Support, then the applicationId Support sends back.

export const draftStepSchema = z
  .object({
    name: supportDraftFieldsSchema.shape.name,
    namespace: namespaceSchema,
    identity: z.enum(['entity', 'portal']),
    ownerEntityId: optionalText(uuidSchema),
    developerPortalAppId: optionalText(uuidSchema),
    applicationId: optionalText(uuidSchema),
  })
  .check(
    z.superRefine((values, ctx) => {
      if (values.identity === 'entity' && values.ownerEntityId === '') {
        ctx.addIssue({ code: 'custom', path: ['ownerEntityId'], message: 'Enter your ownerEntityId (the legal entity id)' });
      }
      if (values.identity === 'portal' && values.developerPortalAppId === '') {
        ctx.addIssue({ code: 'custom', path: ['developerPortalAppId'], message: 'Enter the app id from the Developer Portal' });
      }
    }),
  );
export type DraftStepValues = z.infer<typeof draftStepSchema>;
export const draftStepDefaults: DraftStepValues = {
  name: '',
  namespace: '',
  identity: 'entity',
  ownerEntityId: '',
  developerPortalAppId: '',
  applicationId: '',
};

// ---------------------------------------------------------------------------------------
// Step 2: app info per locale.

export const localeEntrySchema = z.extend(infoLocalizationRequestSchema, {
  displayName: infoLocalizationRequestSchema.shape.displayName.check(
    z.maxLength(LISTING_LIMITS.displayName.hardMax, {
      error: `Display name must be at most ${LISTING_LIMITS.displayName.hardMax} characters`,
    }),
  ),
});
export const infoStepSchema = z.object({
  locales: z.array(localeEntrySchema).check(
    z.minLength(1, { error: 'Add at least one language' }),
    z.superRefine((locales, ctx) => {
      const seen = new Set<string>();
      locales.forEach((entry, index) => {
        const key = entry.locale.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'locale'], message: `${entry.locale} is already in the list` });
        seen.add(key);
      });
    }),
  ),
});
export type InfoStepValues = z.infer<typeof infoStepSchema>;
export const infoStepDefaults: InfoStepValues = {
  locales: [{ locale: 'en-GB', displayName: '', shortDescription: '', description: '' }],
};

// ---------------------------------------------------------------------------------------
// Steps 3 and 4: uploaded files, kept by the wizard as assets.

export const logoStepSchema = z.object({
  logoAssetId: z.union([uuidSchema, blank]).check(z.refine((value) => value !== '', { error: 'Upload a logo' })),
});
export type LogoStepValues = z.infer<typeof logoStepSchema>;
export const logoStepDefaults: LogoStepValues = { logoAssetId: '' };

export const mediaStepSchema = z.object({
  media: z
    .array(z.object({ assetId: uuidSchema }))
    .check(z.minLength(1, { error: 'Upload at least one image' }), z.maxLength(MAX_MEDIA_ITEMS, { error: `At most ${MAX_MEDIA_ITEMS} images` })),
});
export type MediaStepValues = z.infer<typeof mediaStepSchema>;
export const mediaStepDefaults: MediaStepValues = { media: [] };

// ---------------------------------------------------------------------------------------
// Steps 5–8: targeting.

const uniqueList = <T extends z.ZodMiniType<string>>(item: T, what: string) =>
  z
    .array(item)
    .check(
      z.minLength(1, { error: `Choose at least one ${what}` }),
      z.refine((list) => new Set(list).size === list.length, { error: `Each ${what} only once` }),
    );

export const spaceTypesStepSchema = z.object({ spaceTypes: uniqueList(z.enum(SPACE_TYPES), 'space type') });
export type SpaceTypesStepValues = z.infer<typeof spaceTypesStepSchema>;
export const spaceTypesStepDefaults: SpaceTypesStepValues = { spaceTypes: [] };

export const spaceSegmentsStepSchema = z.object({
  spaceSegments: uniqueList(z.enum(SPACE_SEGMENTS), 'space segment').check(
    z.refine((list) => !list.includes('ALL') || list.length === 1, {
      error: 'ALL already covers every segment: choose ALL or a list of segments',
    }),
  ),
});
export type SpaceSegmentsStepValues = z.infer<typeof spaceSegmentsStepSchema>;

/** The message for segments the saved space types do not allow: the form and the server say the same. */
export const segmentsOutsideTypesMessage = (allowed: readonly string[]) => `Choose among the segments of your space types: ${allowed.join(', ')}`;

/**
 * Step 6 with its cross-step context: only the segments the recipe's table allows for the
 * space types saved in step 5. The form validates with it, and the server action parses it
 * again with the space types it reads from the database.
 */
export function spaceSegmentsSchemaFor(spaceTypes: readonly SpaceType[]) {
  const allowed = segmentsForSpaceTypes(spaceTypes);
  return spaceSegmentsStepSchema.check(
    z.refine((values) => values.spaceSegments.every((segment) => allowed.includes(segment)), {
      error: segmentsOutsideTypesMessage(allowed),
      path: ['spaceSegments'],
    }),
  );
}

/** What a step's schema needs to know of the other steps. */
export type StepSchemaContext = { spaceTypes: readonly SpaceType[] };

/** A step's schema with its cross-step context: what both the form and the server action parse. */
export function stepSchemaFor(step: FormStep, context: StepSchemaContext) {
  return step === 6 ? spaceSegmentsSchemaFor(context.spaceTypes) : STEP_FORMS[step].schema;
}

/** Space types as a saved step 5 draft holds them (whatever it holds). */
export function savedSpaceTypes(draft: unknown): SpaceType[] {
  const list = (draft as { spaceTypes?: unknown } | null)?.spaceTypes;
  return Array.isArray(list) ? list.filter((type): type is SpaceType => (SPACE_TYPES as readonly unknown[]).includes(type)) : [];
}
export const spaceSegmentsStepDefaults: SpaceSegmentsStepValues = { spaceSegments: ['ALL'] };

export const brandStepSchema = z.object({ brandName: brandRequestSchema.shape.brandName });
export type BrandStepValues = z.infer<typeof brandStepSchema>;
export const brandStepDefaults = { brandName: '' } as unknown as BrandStepValues;

export const locationsStepSchema = z.object({
  countries: uniqueList(countryCodeSchema, 'country').check(
    z.refine((list) => !list.includes('ALL') || list.length === 1, {
      error: 'ALL already covers every country: choose ALL or a list of countries',
    }),
  ),
});
export type LocationsStepValues = z.infer<typeof locationsStepSchema>;
export const locationsStepDefaults: LocationsStepValues = { countries: [] };

// ---------------------------------------------------------------------------------------
// Step 9: the version and its manifest.

/** A property of a JSON object (dependencies, client configurations), checked by its type. */
const propertyRowSchema = z
  .object({ key: z.string(), type: z.enum(PROPERTY_TYPES), value: z.string() })
  .check(
    z.superRefine((row, ctx) => {
      if (row.key.trim() === '') ctx.addIssue({ code: 'custom', path: ['key'], message: 'Enter a key' });
      if (row.type === 'number' && !JSON_NUMBER.test(row.value.trim())) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a number, e.g. 42, -1 or 0.5' });
      } else if (row.type === 'number' && !Number.isFinite(Number(row.value))) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'The number is too large' });
      }
      if (row.type === 'boolean' && row.value !== 'true' && row.value !== 'false') ctx.addIssue({ code: 'custom', path: ['value'], message: 'Choose true or false' });
      if (row.type === 'json') {
        try {
          JSON.parse(row.value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['value'], message: `Not valid JSON: ${error instanceof Error ? error.message : 'parse error'}` });
        }
      }
    }),
  );

/** The properties of one JSON object: each key once. */
const propertyRowsSchema = z.array(propertyRowSchema).check(
  z.superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((row, index) => {
      if (row.key.trim() !== '' && seen.has(row.key)) ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `The key ${row.key} is already used above` });
      seen.add(row.key);
    });
  }),
);

/**
 * The dependencies and client configurations as rows: what the form edits, or the JSON text
 * that earlier drafts saved, read into the same rows first (manifest-values.ts). Old drafts
 * load and send as they did, without a migration.
 */
const dependenciesSchema = z.pipe(
  z.transform((saved: unknown) => readDependencies(saved)),
  z.array(z.object({ properties: propertyRowsSchema.check(z.minLength(1, { error: 'Add at least one property, e.g. namespace' })) })),
);
const clientConfigurationsSchema = z.pipe(
  z.transform((saved: unknown) => readClientConfigurations(saved)),
  propertyRowsSchema,
);

export const callbacksShape = Object.fromEntries(APP_CALLBACK_KEYS.map((key) => [key, optionalText(httpUrlSchema)])) as Record<
  (typeof APP_CALLBACK_KEYS)[number],
  z.ZodMiniUnion<[z.ZodMiniLiteral<''>, typeof httpUrlSchema]>
>;

export const versionStepSchema = z.object({
  version: semverSchema,
  releaseNote: z.string().check(z.maxLength(10_000, { error: 'Release note is too long' })),
  releaseDate: z.string().check(
    z.refine((date) => date !== '', { error: 'Choose the release date' }),
    z.refine((date) => date === '' || isoDateTimeSchema.safeParse(date).success, { error: 'Must be an ISO 8601 date and time such as 2026-04-16T13:03:36Z' }),
  ),
  copyright: z.string().check(z.maxLength(500, { error: 'Copyright is too long' })),
  serviceAccount: uuidSchema,
  permissions: z.array(permissionSchema),
  minAssuranceLevels: z.object({
    entity: optionalText(z.enum(ASSURANCE_LEVELS)),
    user: optionalText(z.enum(ASSURANCE_LEVELS)),
  }),
  dependencies: dependenciesSchema,
  clientConfigurations: clientConfigurationsSchema,
  appCallbacks: z.object(callbacksShape),
  /** Write-only: never sent back to the browser. Left blank, the saved value is kept. */
  authorizationHeader: z.string().check(z.maxLength(4_096, { error: 'The header is too long' })),
});
export type VersionStepValues = z.infer<typeof versionStepSchema>;

/** Step 9 in the form: the version must also be greater than the last one sent (`previous`). */
export function versionStepSchemaAfter(previous: string | undefined) {
  return versionStepSchema.check(
    z.refine((v) => !previous || !/^\d/.test(v.version) || safeCompareSemver(v.version, previous) > 0, {
      error: `Must be greater than ${previous}, the last version sent`,
      path: ['version'],
    }),
  );
}

function safeCompareSemver(a: string, b: string): number {
  try {
    return compareSemver(a, b);
  } catch {
    return 1; // not a version yet: the version field's own check reports it
  }
}
export const versionStepDefaults = (now = new Date()): VersionStepValues => ({
  version: '1.0.0',
  releaseNote: '',
  releaseDate: releaseDateNow(now),
  copyright: `Copyright ${now.getUTCFullYear()}`,
  serviceAccount: '',
  permissions: [],
  minAssuranceLevels: { entity: '', user: '' },
  dependencies: [],
  clientConfigurations: [],
  appCallbacks: { addUrl: '', activationUrl: '', deactivationUrl: '', configureUrl: '', removeUrl: '' },
  authorizationHeader: '',
});


// ---------------------------------------------------------------------------------------
// The registry: each step's schema and its empty values.

export const STEP_FORMS = {
  1: { schema: draftStepSchema, defaults: () => draftStepDefaults },
  2: { schema: infoStepSchema, defaults: () => infoStepDefaults },
  3: { schema: logoStepSchema, defaults: () => logoStepDefaults },
  4: { schema: mediaStepSchema, defaults: () => mediaStepDefaults },
  5: { schema: spaceTypesStepSchema, defaults: () => spaceTypesStepDefaults },
  6: { schema: spaceSegmentsStepSchema, defaults: () => spaceSegmentsStepDefaults },
  7: { schema: brandStepSchema, defaults: () => brandStepDefaults },
  8: { schema: locationsStepSchema, defaults: () => locationsStepDefaults },
  9: { schema: versionStepSchema, defaults: () => versionStepDefaults() },
} as const;
export type FormStep = keyof typeof STEP_FORMS;

export function isFormStep(step: number): step is FormStep {
  return step in STEP_FORMS;
}

/** Largest draft a step may save (JSON characters): drafts are text, files are assets. */
export const MAX_DRAFT_CHARS = 256 * 1024;

/**
 * A draft is work in progress: it need not pass the step's schema, but it must be a JSON
 * object with only the step's fields, of bounded size. Unknown fields are refused.
 */
export function draftSchemaFor(step: FormStep) {
  const { schema } = STEP_FORMS[step];
  const keys = Object.keys(schema.shape);
  return z
    .record(z.string(), z.unknown())
    .check(
      z.refine((draft) => Object.keys(draft).every((key) => keys.includes(key)), { error: 'The draft has fields this step does not know' }),
      z.refine((draft) => JSON.stringify(draft).length <= MAX_DRAFT_CHARS, { error: `The draft is larger than ${MAX_DRAFT_CHARS / 1024} KB` }),
    );
}
