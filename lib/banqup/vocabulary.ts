/**
 * The Banqup Store API's words, as the recipe documents them: the enums with their
 * explanations (the wizard shows these words to the user), and the fixed names and patterns.
 *
 * No zod here: the step forms render with these, and the validation code (lib/banqup/schemas,
 * lib/wizard/steps) reaches the browser only when a form first validates. The schemas
 * re-export everything here, so server code imports from one place.
 */

// ---------------------------------------------------------------------------------------
// Enums, with the recipe's explanations (the wizard shows these words to the user).

export const SPACE_TYPES = ['BUSINESS', 'PARTNER'] as const;
export type SpaceType = (typeof SPACE_TYPES)[number];

export const SPACE_TYPE_DESCRIPTIONS: Record<SpaceType, string> = {
  BUSINESS:
    'A business space is owned by a legal organization or a sole trader. This space type supports common business needs like invoicing, payments, financing, document exchange, communication with other Banqup partners, etc.',
  PARTNER:
    "A partner is a Banqup space owner that is authorized to manage multiple other Banqup spaces, whose owners are the partner's clients. Partners can be: accountants, associations, guardians, software partners or financial institutions.",
};

export const SPACE_SEGMENTS = [
  'ALL',
  'SME',
  'CORPORATE',
  'ACCOUNTING',
  'RESELLER',
  'CARETAKER',
  'REFERRAL_PARTNER',
] as const;
export type SpaceSegment = (typeof SPACE_SEGMENTS)[number];

/**
 * The recipe's table of segments. NOTE: the recipe lists `ALL` twice: once for every space
 * type ("the default") and once for the APPLICATION space type. Both rows send the same
 * value, so `ALL` is valid whatever space types are chosen.
 */
export const SPACE_SEGMENT_TABLE: ReadonlyArray<{
  spaceSegment: SpaceSegment;
  spaceType: SpaceType | 'ALL' | 'APPLICATION';
  description: string;
}> = [
  { spaceSegment: 'ALL', spaceType: 'ALL', description: 'Applies to all space segments. This is the default.' },
  { spaceSegment: 'ALL', spaceType: 'APPLICATION', description: 'Applies only to the Applications segment.' },
  { spaceSegment: 'SME', spaceType: 'BUSINESS', description: 'Small and medium-sized businesses.' },
  { spaceSegment: 'CORPORATE', spaceType: 'BUSINESS', description: 'Large enterprises.' },
  { spaceSegment: 'ACCOUNTING', spaceType: 'PARTNER', description: 'Accounting partners.' },
  { spaceSegment: 'RESELLER', spaceType: 'PARTNER', description: 'Reseller partners.' },
  { spaceSegment: 'CARETAKER', spaceType: 'PARTNER', description: 'Caretaker partners.' },
  { spaceSegment: 'REFERRAL_PARTNER', spaceType: 'PARTNER', description: 'Referral partners.' },
];

/** The segments that may be assigned to an application targeting these space types. */
export function segmentsForSpaceTypes(spaceTypes: readonly SpaceType[]): SpaceSegment[] {
  const allowed = new Set<SpaceSegment>(['ALL']);
  for (const row of SPACE_SEGMENT_TABLE) {
    if (row.spaceType !== 'ALL' && row.spaceType !== 'APPLICATION' && spaceTypes.includes(row.spaceType)) {
      allowed.add(row.spaceSegment);
    }
  }
  return SPACE_SEGMENTS.filter((segment) => allowed.has(segment));
}

export const BRAND_NAMES = ['Banqup', 'Jefacture', 'ALL'] as const;
export type BrandName = (typeof BRAND_NAMES)[number];
export const BRAND_DESCRIPTIONS: Record<BrandName, string> = {
  Banqup: 'Available in the European Union.',
  Jefacture: 'Available only in France.',
  ALL: 'Applies to all brands.',
};

export const LOCATION_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type LocationStatus = (typeof LOCATION_STATUSES)[number];

export const MEDIA_TYPES = ['IMAGE'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const ASSURANCE_LEVELS = ['urn:btx:L1', 'urn:btx:L2', 'urn:btx:L3', 'urn:btx:L50', 'urn:btx:L100'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

export const APP_CALLBACK_KEYS = ['addUrl', 'activationUrl', 'deactivationUrl', 'configureUrl', 'removeUrl'] as const;
export type AppCallbackKey = (typeof APP_CALLBACK_KEYS)[number];

/** Semantic Versioning 2.0.0, e.g. 1.0.0 or 2.1.0-beta.1. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The multipart field names of the logo (step 3) and media (step 4) uploads. */
export const LOGO_FILE_FIELD = 'logoFile';
export const MEDIA_FILE_FIELD = 'mediaFile';

/**
 * The longest namespace the wizard and the sandbox accept. NOTE: not Banqup's rule (it publishes none): a bound
 * against abuse, so a pasted document cannot become a namespace in the sandbox, the database
 * and every page that shows it. Generous enough for any reverse-domain name.
 */
export const NAMESPACE_MAX_CHARS = 255;

/** Step 1 by API (not in the recipe): the only values the wizard sends. */
export const FUNCTIONAL_TYPES = ['APPLICATION'] as const;
export const AUDIENCE_TYPES = ['PUBLIC'] as const;

/** The recipe's example permissions, offered as one-click additions in step 9. */
export const PERMISSION_SUGGESTIONS = [
  { resource: 'space', scope: 'space_read' },
  { resource: 'space', scope: 'space_write' },
] as const;

/** What each assurance level means, as far as Banqup's documentation says. */
export const ASSURANCE_LEVEL_DESCRIPTIONS: Record<AssuranceLevel, string> = {
  'urn:btx:L1': 'L1: basic: a self-declared identity (e-mail verified).',
  'urn:btx:L2': 'L2: substantial: identity checked against a trusted source.',
  'urn:btx:L3': 'L3: high: identity verified in person or with an eID.',
  'urn:btx:L50': 'L50: an organisation-level assurance set by Banqup (ask Banqup for its exact meaning).',
  'urn:btx:L100': 'L100: the highest level Banqup defines (ask Banqup for its exact meaning).',
};
