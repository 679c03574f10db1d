/** Step 9: the version and its manifest (permissions, dependencies, callbacks). */
import * as z from 'zod/mini';
import { APP_CALLBACK_KEYS, ASSURANCE_LEVELS, httpUrlSchema, isoDateTimeSchema, permissionSchema, semverSchema, uuidSchema } from '@/lib/banqup/schemas';
import { compareSemver } from '@/lib/wizard/semver';
import { optionalText } from '../fields';
import { JSON_NUMBER, PROPERTY_TYPES, readClientConfigurations, readDependencies, releaseDateNow } from './manifest-values';

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

/** Step 9's write-only field is kept as the registration secret of this name, never sent back to the browser. */
export const AUTHORIZATION_HEADER_SECRET = 'appCallbacks.authorizationHeader';

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

/**
 * Step 9 in a registration's next version (lib/registration/next-version.ts): the same manifest,
 * a version still to choose (Banqup takes a version number once, and the next must be higher),
 * released now, and the callbacks' header to type again (a secret, never copied).
 */
export function nextVersionValues(values: Record<string, unknown>, now: Date): Record<string, unknown> {
  return { ...values, version: '', releaseDate: releaseDateNow(now), authorizationHeader: '' };
}
