/**
 * Step 9's manifest as the form edits it, and the version request it becomes. Plain module
 * without zod (the step form and its JSON preview use it in the browser; plan.ts sends with it).
 *
 * Dependencies and client configurations are JSON that the recipe gives no shape for. The form
 * edits them as rows of typed properties (key, type, value); saved drafts of earlier versions
 * hold them as JSON text, which `readDependencies` and `readClientConfigurations` turn into the
 * same rows, so that an old draft loads, and sends the same body, without any migration.
 */
import type { VersionRequest } from '@/lib/banqup/schemas';
import { APP_CALLBACK_KEYS } from '@/lib/banqup/vocabulary';
import type { VersionStepValues } from './schema';

export const PROPERTY_TYPES = ['text', 'number', 'boolean', 'null', 'json'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];
export const PROPERTY_TYPE_LABELS: Record<PropertyType, string> = {
  text: 'Text',
  number: 'Number',
  boolean: 'True or false',
  null: 'Empty (null)',
  json: 'List or object',
};

/** One property of a JSON object: its key, the type of its value, and the value as typed. */
export type PropertyRow = { key: string; type: PropertyType; value: string };
/** One dependency: a JSON object, as its properties. */
export type DependencyRow = { properties: PropertyRow[] };

/** A JSON number as JSON writes it (no leading +, no leading zeros, no NaN or Infinity). */
export const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The JSON value of a property row (a row that passed the step's checks). */
export function propertyValue(row: PropertyRow): unknown {
  switch (row.type) {
    case 'text':
      return row.value;
    case 'number':
      return Number(row.value);
    case 'boolean':
      return row.value === 'true';
    case 'null':
      return null;
    case 'json':
      return JSON.parse(row.value) as unknown;
  }
}

/** The JSON object of property rows, in their order (own properties, even `__proto__`). */
export function propertiesToObject(rows: readonly PropertyRow[]): Record<string, unknown> {
  return Object.fromEntries(rows.map((row) => [row.key, propertyValue(row)]));
}

/** The rows of a JSON value's property, typed by the value. */
export function propertyRow(key: string, value: unknown): PropertyRow {
  if (typeof value === 'string') return { key, type: 'text', value };
  if (typeof value === 'number') return { key, type: 'number', value: String(value) };
  if (typeof value === 'boolean') return { key, type: 'boolean', value: String(value) };
  if (value === null) return { key, type: 'null', value: '' };
  return { key, type: 'json', value: JSON.stringify(value, null, 2) };
}

export const objectToProperties = (object: Record<string, unknown>): PropertyRow[] => Object.entries(object).map(([key, value]) => propertyRow(key, value));

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isPropertyRow = (value: unknown): value is PropertyRow =>
  isObject(value) && typeof value.key === 'string' && typeof value.value === 'string' && (PROPERTY_TYPES as readonly unknown[]).includes(value.type);

/** Text that is not JSON (or not the expected JSON) stays as it was typed, in one row to correct. */
const unreadable = (text: string): PropertyRow => ({ key: '', type: 'json', value: text });

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A saved row that is not a property row, kept as one row to correct (nothing is dropped). */
const asPropertyRow = (item: unknown): PropertyRow => (isPropertyRow(item) ? item : unreadable(JSON.stringify(item) ?? ''));

/**
 * Dependencies as the form edits them, from a saved draft of any version: rows as saved, or the
 * JSON text of earlier drafts (a list of objects; an empty text is no dependencies). Nothing is
 * dropped: what is not such a list comes back as a row that the step's checks flag.
 */
export function readDependencies(saved: unknown): DependencyRow[] {
  if (Array.isArray(saved)) {
    return saved.map((item) =>
      isObject(item) && Array.isArray(item.properties) ? { properties: item.properties.map(asPropertyRow) } : { properties: [unreadable(JSON.stringify(item) ?? '')] },
    );
  }
  if (typeof saved !== 'string' || saved.trim() === '') return [];
  const parsed = parseJson(saved);
  if (!parsed.ok || !Array.isArray(parsed.value)) return [{ properties: [unreadable(saved)] }];
  return parsed.value.map((item) => ({ properties: isObject(item) ? objectToProperties(item) : [unreadable(JSON.stringify(item))] }));
}

/** Client configurations as the form edits them, from a saved draft of any version (see readDependencies). */
export function readClientConfigurations(saved: unknown): PropertyRow[] {
  if (Array.isArray(saved)) return saved.map(asPropertyRow);
  if (typeof saved !== 'string' || saved.trim() === '') return [];
  const parsed = parseJson(saved);
  if (!parsed.ok || !isObject(parsed.value)) return [unreadable(saved)];
  return objectToProperties(parsed.value);
}

/** A saved step 9 draft with its dependencies and client configurations as rows (other fields as saved). */
export function readVersionDraft<T extends Record<string, unknown>>(draft: T): T {
  return {
    ...draft,
    ...('dependencies' in draft ? { dependencies: readDependencies(draft.dependencies) } : {}),
    ...('clientConfigurations' in draft ? { clientConfigurations: readClientConfigurations(draft.clientConfigurations) } : {}),
  };
}

/** What is sent as `dependencies`: undefined for none. */
export const dependenciesValue = (rows: readonly DependencyRow[]): Record<string, unknown>[] | undefined =>
  rows.length ? rows.map((dependency) => propertiesToObject(dependency.properties)) : undefined;

/** What is sent as `clientConfigurations`: undefined for none. */
export const clientConfigurationsValue = (rows: readonly PropertyRow[]): Record<string, unknown> | undefined => (rows.length ? propertiesToObject(rows) : undefined);

/** The version request of step 9, from the form's (parsed) values and the saved authorization header. */
export function toVersionRequest(values: VersionStepValues, authorizationHeader: string | undefined): VersionRequest {
  const callbacks = Object.fromEntries(Object.entries(values.appCallbacks).filter(([, url]) => url !== ''));
  const hasCallbacks = Object.keys(callbacks).length > 0 || authorizationHeader;
  const levels = Object.fromEntries(Object.entries(values.minAssuranceLevels).filter(([, level]) => level !== ''));
  const dependencies = dependenciesValue(values.dependencies);
  const clientConfigurations = clientConfigurationsValue(values.clientConfigurations);
  return {
    version: values.version,
    ...(values.releaseNote.trim() ? { releaseNote: values.releaseNote.trim() } : {}),
    releaseDate: values.releaseDate,
    manifest: {
      serviceAccount: values.serviceAccount,
      ...(values.permissions.length ? { accessManagement: { permissions: values.permissions } } : {}),
      ...(dependencies ? { dependencies } : {}),
      ...(Object.keys(levels).length ? { minAssuranceLevels: levels } : {}),
      ...(clientConfigurations ? { clientConfigurations } : {}),
      ...(hasCallbacks ? { appCallbacks: { ...callbacks, ...(authorizationHeader ? { security: { authorizationHeader } } : {}) } } : {}),
    },
    ...(values.copyright.trim() ? { copyright: values.copyright.trim() } : {}),
  };
}

/** What the preview shows in place of the callbacks' authorization header: never the header. */
export const maskedHeader = (length: number) => `•••••••• (hidden, ${length} characters)`;

/**
 * The JSON the send would carry for the version, as the preview shows it: the same function as
 * the send, with the authorization header (the one typed, else the saved one) masked.
 */
export function versionRequestPreview(values: VersionStepValues, header: { typedLength: number; saved: { saved: boolean; length: number } }): string {
  const length = header.typedLength > 0 ? header.typedLength : header.saved.saved ? header.saved.length : 0;
  return JSON.stringify(toVersionRequest(values, length > 0 ? maskedHeader(length) : undefined), null, 2);
}

// ---------------------------------------------------------------------------------------
// The release date: a date picker edits the date of the ISO 8601 date and time that is sent.

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(T.+)$/;
const PICKER_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date a date picker shows for a release date (YYYY-MM-DD, as written), or '' when there is none. */
export function releaseDatePickerValue(releaseDate: string): string {
  return ISO_DATE_TIME.exec(releaseDate)?.[1] ?? '';
}

/**
 * The release date after picking `date` (YYYY-MM-DD): the date replaced, the time and zone kept
 * as they were (so the same date sends the same text), midnight UTC when there was no time yet.
 * An emptied picker empties the release date.
 */
export function releaseDateWithDate(releaseDate: string, date: string): string {
  if (!PICKER_DATE.test(date)) return '';
  const time = ISO_DATE_TIME.exec(releaseDate)?.[2] ?? 'T00:00:00Z';
  return `${date}${time}`;
}

/** Now, as the recipe writes a release date: 2026-04-16T13:03:36Z (UTC, whole seconds). */
export const releaseDateNow = (now = new Date()) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---------------------------------------------------------------------------------------
// The callbacks: one base URL fills the five, each still editable.

export type CallbackKey = (typeof APP_CALLBACK_KEYS)[number];

/** The path each callback gets under the base URL: the recipe's example (http://myapp.domain/add...). */
export const CALLBACK_PATHS: Record<CallbackKey, string> = {
  addUrl: 'add',
  activationUrl: 'activate',
  deactivationUrl: 'deactivate',
  configureUrl: 'configure',
  removeUrl: 'remove',
};

/**
 * The five callback URLs under a base URL (`https://app.example.com` or with a path,
 * `https://app.example.com/banqup/`), or why the base cannot be used.
 */
export function callbackUrlsFrom(base: string): { ok: true; urls: Record<CallbackKey, string> } | { ok: false; message: string } {
  const trimmed = base.trim();
  if (trimmed === '') return { ok: false, message: 'Enter the base URL of your app, e.g. https://app.example.com' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: 'Enter a full URL that starts with https://, e.g. https://app.example.com' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'The base URL must start with https:// (or http:// for the sandbox)' };
  if (url.search || url.hash || trimmed.includes('?') || trimmed.includes('#')) return { ok: false, message: 'Leave out the query (?…) and the fragment (#…): the callback paths go after the base URL' };
  if (url.username || url.password) return { ok: false, message: 'Leave out a user name or password: Banqup authenticates with the authorization header below' };
  const root = trimmed.replace(/\/+$/, '');
  const urls = Object.fromEntries(APP_CALLBACK_KEYS.map((key) => [key, `${root}/${CALLBACK_PATHS[key]}`])) as Record<CallbackKey, string>;
  return { ok: true, urls };
}

/**
 * Dependencies or client configurations as the JSON value sent, from a saved draft of any
 * version (old JSON text or rows), for reading (the summary, the export): undefined for none,
 * and for rows that are not valid yet.
 */
export function manifestJsonValue(saved: unknown, which: 'dependencies' | 'clientConfigurations'): unknown {
  try {
    return which === 'dependencies' ? dependenciesValue(readDependencies(saved)) : clientConfigurationsValue(readClientConfigurations(saved));
  } catch {
    return undefined;
  }
}

/** The same as formatted JSON, for reading: undefined for none; rows that are not valid yet as they were saved. */
export function manifestJsonText(saved: unknown, which: 'dependencies' | 'clientConfigurations'): string | undefined {
  const value = manifestJsonValue(saved, which);
  if (value !== undefined) return JSON.stringify(value, null, 2);
  const empty = which === 'dependencies' ? readDependencies(saved).length === 0 : readClientConfigurations(saved).length === 0;
  return empty ? undefined : typeof saved === 'string' ? saved : JSON.stringify(saved, null, 2);
}
