/**
 * The error summary's words: each entry names its field as the page does ("Enter a resource
 * for permission 3"), never by its form path ("permissions.2.resource: Required").
 *
 * One map per step, from the form's paths (a number stands for a list's position) to the
 * field's name and what to do when it is empty. Plain data, no zod: the step pages load it
 * with their first JavaScript (first-load.test.ts).
 */
import { APP_CALLBACK_KEYS } from '@/lib/banqup/vocabulary';

/** A field in words: its name (for "Name: what is wrong") and the sentence for an empty one. */
export type FieldName = { label: string; enter: string };

/** What the names may need of the values: e.g. a language's tag ("Display name for fr-BE"). */
type Values = Record<string, unknown> | undefined;
type Namer = (indexes: number[], values: Values) => FieldName;

const field = (label: string, enter: string): Namer => () => ({ label, enter });

/** The language of step 2's n-th entry, as its fieldset's legend names it. */
function languageOf(index: number, values: Values): string {
  const locales = (values as { locales?: { locale?: unknown }[] } | undefined)?.locales;
  const tag = locales?.[index]?.locale;
  return typeof tag === 'string' && tag.trim() !== '' ? tag.trim() : `language ${index + 1}`;
}

const CALLBACK_NAMES: Record<(typeof APP_CALLBACK_KEYS)[number], string> = {
  addUrl: 'Add extension',
  activationUrl: 'Activate extension',
  deactivationUrl: 'Deactivate extension',
  configureUrl: 'Configure extension',
  removeUrl: 'Remove extension',
};

/** Per step: the form path with each list position written `#` → its name. */
export const FIELD_NAMES: Record<number, Record<string, Namer>> = {
  1: {
    root: field('Draft app', 'Complete the draft app'),
    name: field('App name', 'Enter the app name'),
    namespace: field('Namespace', 'Enter the namespace'),
    identity: field('Who owns the app', 'Choose who owns the app'),
    ownerEntityId: field('ownerEntityId (legal entity id)', 'Enter your ownerEntityId (the legal entity id)'),
    developerPortalAppId: field('Developer Portal app id', 'Enter the app id from the Developer Portal'),
    applicationId: field('applicationId', 'Enter the applicationId Banqup Support sent'),
  },
  2: {
    root: field('App info', 'Complete the app info'),
    locales: field('Languages', 'Add at least one language'),
    'locales.#': ([n = 0], values) => ({ label: `Language ${languageOf(n, values)}`, enter: `Complete language ${languageOf(n, values)}` }),
    'locales.#.locale': ([n = 0]) => ({ label: `Language tag of language ${n + 1}`, enter: `Enter a language tag for language ${n + 1}` }),
    'locales.#.displayName': ([n = 0], values) => ({ label: `Display name (${languageOf(n, values)})`, enter: `Enter a display name for ${languageOf(n, values)}` }),
    'locales.#.shortDescription': ([n = 0], values) => ({ label: `Short description (${languageOf(n, values)})`, enter: `Enter a short description for ${languageOf(n, values)}` }),
    'locales.#.description': ([n = 0], values) => ({ label: `Description (${languageOf(n, values)})`, enter: `Enter a description for ${languageOf(n, values)}` }),
  },
  3: {
    root: field('Logo', 'Upload a logo'),
    logoAssetId: field('Logo', 'Upload a logo'),
  },
  4: {
    root: field('Media', 'Upload at least one image'),
    media: field('Media', 'Upload at least one image'),
    'media.#': ([n = 0]) => ({ label: `Image ${n + 1}`, enter: `Upload image ${n + 1} again` }),
    'media.#.assetId': ([n = 0]) => ({ label: `Image ${n + 1}`, enter: `Upload image ${n + 1} again` }),
  },
  5: {
    root: field('Space types', 'Choose at least one space type'),
    spaceTypes: field('Space types', 'Choose at least one space type'),
    'spaceTypes.#': ([n = 0]) => ({ label: `Space type ${n + 1}`, enter: `Choose space type ${n + 1} again` }),
  },
  6: {
    root: field('Space segments', 'Choose at least one space segment'),
    spaceSegments: field('Space segments', 'Choose at least one space segment'),
    'spaceSegments.#': ([n = 0]) => ({ label: `Space segment ${n + 1}`, enter: `Choose space segment ${n + 1} again` }),
  },
  7: {
    root: field('Brand', 'Choose a brand'),
    brandName: field('Brand', 'Choose a brand'),
  },
  8: {
    root: field('Locations', 'Choose at least one country'),
    countries: field('Countries', 'Choose at least one country'),
    'countries.#': ([n = 0]) => ({ label: `Country ${n + 1}`, enter: `Choose country ${n + 1} again` }),
  },
  9: {
    root: field('Version and manifest', 'Complete the version and its manifest'),
    version: field('Version', 'Enter a version such as 1.0.0'),
    releaseNote: field('Release note', 'Enter a release note'),
    releaseDate: field('Release date', 'Enter a release date'),
    copyright: field('Copyright', 'Enter the copyright'),
    serviceAccount: field('Service account', 'Enter the service account (the app id in the Developer Portal)'),
    permissions: field('Permissions', 'Complete the permissions'),
    'permissions.#': ([n = 0]) => ({ label: `Permission ${n + 1}`, enter: `Complete permission ${n + 1}` }),
    'permissions.#.resource': ([n = 0]) => ({ label: `Resource of permission ${n + 1}`, enter: `Enter a resource for permission ${n + 1}` }),
    'permissions.#.scope': ([n = 0]) => ({ label: `Scope of permission ${n + 1}`, enter: `Enter a scope for permission ${n + 1}` }),
    minAssuranceLevels: field('Minimum assurance levels', 'Choose the minimum assurance levels'),
    'minAssuranceLevels.entity': field('Minimum assurance level of the entity', 'Choose a minimum assurance level for the entity'),
    'minAssuranceLevels.user': field('Minimum assurance level of the user', 'Choose a minimum assurance level for the user'),
    dependencies: field('Dependencies', 'Enter the dependencies'),
    'dependencies.#': ([n = 0]) => ({ label: `Dependency ${n + 1}`, enter: `Complete dependency ${n + 1}` }),
    'dependencies.#.properties': ([n = 0]) => ({ label: `Properties of dependency ${n + 1}`, enter: `Add a property to dependency ${n + 1}` }),
    'dependencies.#.properties.#': ([n = 0, m = 0]) => ({ label: `Property ${m + 1} of dependency ${n + 1}`, enter: `Complete property ${m + 1} of dependency ${n + 1}` }),
    'dependencies.#.properties.#.key': ([n = 0, m = 0]) => ({ label: `Key of property ${m + 1} of dependency ${n + 1}`, enter: `Enter a key for property ${m + 1} of dependency ${n + 1}` }),
    'dependencies.#.properties.#.type': ([n = 0, m = 0]) => ({ label: `Type of property ${m + 1} of dependency ${n + 1}`, enter: `Choose a type for property ${m + 1} of dependency ${n + 1}` }),
    'dependencies.#.properties.#.value': ([n = 0, m = 0]) => ({ label: `Value of property ${m + 1} of dependency ${n + 1}`, enter: `Enter a value for property ${m + 1} of dependency ${n + 1}` }),
    clientConfigurations: field('Client configurations', 'Enter the client configurations'),
    'clientConfigurations.#': ([n = 0]) => ({ label: `Client configuration ${n + 1}`, enter: `Complete client configuration ${n + 1}` }),
    'clientConfigurations.#.key': ([n = 0]) => ({ label: `Key of client configuration ${n + 1}`, enter: `Enter a key for client configuration ${n + 1}` }),
    'clientConfigurations.#.type': ([n = 0]) => ({ label: `Type of client configuration ${n + 1}`, enter: `Choose a type for client configuration ${n + 1}` }),
    'clientConfigurations.#.value': ([n = 0]) => ({ label: `Value of client configuration ${n + 1}`, enter: `Enter a value for client configuration ${n + 1}` }),
    appCallbacks: field('App callbacks', 'Complete the app callbacks'),
    ...Object.fromEntries(
      APP_CALLBACK_KEYS.map((key) => [`appCallbacks.${key}`, field(`Callback URL to ${CALLBACK_NAMES[key].toLowerCase()}`, `Enter the callback URL to ${CALLBACK_NAMES[key].toLowerCase()}`)]),
    ),
    authorizationHeader: field('Authorization header for the callbacks', 'Enter the authorization header for the callbacks'),
  },
};

/** "locales.1.displayName" → the map's key ("locales.#.displayName") and the positions ([1]). */
function keyOf(path: string): { key: string; indexes: number[] } {
  const indexes: number[] = [];
  const key = path
    .split('.')
    .map((part) => {
      if (!/^\d+$/.test(part)) return part;
      indexes.push(Number(part));
      return '#';
    })
    .join('.');
  return { key: key === '' ? 'root' : key, indexes };
}

/** camelCase or a path, in words: the last resort for a field the map does not know. */
function inWords(path: string): string {
  const words = path
    .split('.')
    .filter((part) => !/^\d+$/.test(part) && part !== 'root')
    .map((part) => part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(', ');
  return words === '' ? 'This step' : words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field's name, from the step's map, or (a field it does not know) its path in words. */
export function fieldName(step: number, path: string, values?: Values): FieldName & { known: boolean } {
  const { key, indexes } = keyOf(path);
  const namer = FIELD_NAMES[step]?.[key];
  if (namer) return { ...namer(indexes, values), known: true };
  const label = inWords(path);
  return { label, enter: `Fill in ${label.toLowerCase()}`, known: false };
}

/**
 * Messages that only say "missing" (a field left empty, or zod's generic "Invalid input"):
 * the entry then says what to do, in the field's words.
 */
const MISSING = /^(required|invalid input\b.*|.+ is required|.+ cannot be empty)$/i;

/** The error summary's sentence for one field's message. */
export function errorEntry(step: number, path: string, message: string, values?: Values): string {
  const name = fieldName(step, path, values);
  // "brandName must be Banqup, Jefacture or ALL": the API's field name is the page's field.
  const text = message.trim().replace(/^[a-z]+[A-Z][a-zA-Z]* (?=must )/, '');
  if (text === '' || MISSING.test(text) || isEmpty(valueAt(values, path))) return name.enter;
  // "Upload a logo", "Choose at least one country", "Add at least one language": the step's own
  // sentences for a whole list or a single field already name it.
  if (name.enter.toLowerCase() === text.toLowerCase() || /^(upload|choose|add|enter|give|untick) /i.test(text)) {
    return name.label.toLowerCase() === text.toLowerCase() || path.split('.').length === 1 ? text : `${name.label}: ${lowerFirst(text)}`;
  }
  return `${name.label}: ${lowerFirst(text)}`;
}

function valueAt(values: Values, path: string): unknown {
  if (values === undefined || path === 'root') return 'not looked at';
  return path.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), values);
}

/** A field left empty: nothing typed, chosen or uploaded. */
const isEmpty = (value: unknown) => value === '' || value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** "Must be a UUID" → "must be a UUID"; "ALL already covers…" and "UUID…" keep their capitals. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
