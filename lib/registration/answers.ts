import { countryName } from '@/lib/banqup/countries';
import { APP_CALLBACK_KEYS } from '@/lib/banqup/vocabulary';
import { manifestJsonText, manifestJsonValue } from '@/lib/wizard/steps/9-version/manifest-values';
import { REVIEW_FIELDS } from './review-fields';

/**
 * The answers of a registration as a reviewer reads them: each step's fields as plain text
 * ('' when not answered), in the order of the form. An approval keeps them (sign_offs.answers),
 * and the summary compares them with the answers now, field by field: what changed since.
 * No secret is ever part of them: the callbacks' authorization header is only "saved, N
 * characters" or nothing.
 */

export type AnswerRow = {
  /** Unique within the step, stable across saves: what a comparison matches on. */
  key: string;
  /** The field a reviewer can point a comment at (lib/registration/review-fields.ts). */
  field: string;
  label: string;
  /** The answer as text; '' when not answered. */
  value: string;
};

export type StepAnswers = { step: number; rows: AnswerRow[] };

/** What an approval keeps. `format` lets a later change of the rows tell old snapshots apart. */
export type AnswersSnapshot = { format: 1; steps: StepAnswers[] };

export type AnswersInput = {
  /** Each step's saved draft (whatever it holds: a draft need not be valid). */
  drafts: ReadonlyMap<number, unknown>;
  /** Uploaded files by id: what the logo and media steps name. */
  files: ReadonlyMap<string, { fileName: string; width: number | null; height: number | null }>;
  authorizationHeader: { saved: boolean; length: number };
};

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Any saved value as text: strings as they are, lists joined, anything else as JSON. */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? JSON.stringify(value) : '';
  return Object.keys(value).length ? JSON.stringify(value) : '';
}

/**
 * Step 9's dependencies or client configurations as the JSON sent (compact), from a draft of any
 * version (rows, or the JSON text older drafts saved): the same answer reads the same whichever
 * way it was saved. Rows not valid yet read as they were saved.
 */
function manifestAnswer(saved: unknown, which: 'dependencies' | 'clientConfigurations'): string {
  const value = manifestJsonValue(saved, which);
  return value !== undefined ? JSON.stringify(value) : (manifestJsonText(saved, which) ?? '');
}

const labelOf = (step: number, field: string) => REVIEW_FIELDS[step]?.find((item) => item.key === field)?.label ?? field;
const row = (step: number, field: string, value: string, key = field, label = labelOf(step, field)): AnswerRow => ({ key, field, label, value });

const CALLBACK_LABELS: Record<(typeof APP_CALLBACK_KEYS)[number], string> = {
  addUrl: 'Add callback (addUrl)',
  activationUrl: 'Activate callback (activationUrl)',
  deactivationUrl: 'Deactivate callback (deactivationUrl)',
  configureUrl: 'Configure callback (configureUrl)',
  removeUrl: 'Remove callback (removeUrl)',
};

function fileText(input: AnswersInput, id: unknown): string {
  if (typeof id !== 'string' || id === '') return '';
  const file = input.files.get(id);
  if (!file) return `a file no longer kept (${id})`;
  return file.width && file.height ? `${file.fileName} (${file.width}×${file.height})` : file.fileName;
}

/** The answers of steps 1–9 from the saved drafts. */
export function answersOf(input: AnswersInput): StepAnswers[] {
  const draft = (step: number) => record(input.drafts.get(step));
  const steps: StepAnswers[] = [];

  const identity = draft(1);
  const portal = identity.identity === 'portal';
  steps.push({
    step: 1,
    rows: [
      row(1, 'name', text(identity.name)),
      row(1, 'namespace', text(identity.namespace)),
      row(1, 'owner', text(portal ? identity.developerPortalAppId : identity.ownerEntityId), 'owner', portal ? 'Developer Portal app id' : 'Owner entity (ownerEntityId)'),
      row(1, 'applicationId', text(identity.applicationId)),
    ],
  });

  const locales = list(draft(2).locales).map(record);
  const tags = locales.map((entry) => text(entry.locale)).filter(Boolean);
  steps.push({
    step: 2,
    rows: [
      row(2, 'locales', tags.join(', ')),
      ...locales.flatMap((entry, index) => {
        const tag = text(entry.locale) || `language ${index + 1}`;
        return (['displayName', 'shortDescription', 'description'] as const).map((field) =>
          row(2, field, text(entry[field]), `${field}@${tag}`, `${labelOf(2, field)} (${tag})`),
        );
      }),
    ],
  });

  steps.push({ step: 3, rows: [row(3, 'logo', fileText(input, draft(3).logoAssetId))] });

  const media = list(draft(4).media).map((item) => fileText(input, record(item).assetId)).filter(Boolean);
  steps.push({ step: 4, rows: [row(4, 'media', media.map((name, index) => `${index + 1}. ${name}`).join('; '))] });

  steps.push({ step: 5, rows: [row(5, 'spaceTypes', list(draft(5).spaceTypes).map(text).join(', '))] });
  steps.push({ step: 6, rows: [row(6, 'spaceSegments', list(draft(6).spaceSegments).map(text).join(', '))] });
  steps.push({ step: 7, rows: [row(7, 'brandName', text(draft(7).brandName))] });
  steps.push({ step: 8, rows: [row(8, 'countries', list(draft(8).countries).map((code) => `${countryName(text(code))} (${text(code)})`).join(', '))] });

  const version = draft(9);
  const levels = record(version.minAssuranceLevels);
  const callbacks = record(version.appCallbacks);
  steps.push({
    step: 9,
    rows: [
      row(9, 'version', text(version.version)),
      row(9, 'releaseNote', text(version.releaseNote)),
      row(9, 'releaseDate', text(version.releaseDate)),
      row(9, 'copyright', text(version.copyright)),
      row(9, 'serviceAccount', text(version.serviceAccount)),
      row(
        9,
        'permissions',
        list(version.permissions)
          .map(record)
          .map((permission) => `${text(permission.resource)} / ${text(permission.scope)}`)
          .join(', '),
      ),
      row(9, 'minAssuranceLevels', text(levels.entity), 'minAssuranceLevels.entity', 'Minimum assurance level: entity'),
      row(9, 'minAssuranceLevels', text(levels.user), 'minAssuranceLevels.user', 'Minimum assurance level: user'),
      row(9, 'dependencies', manifestAnswer(version.dependencies, 'dependencies')),
      row(9, 'clientConfigurations', manifestAnswer(version.clientConfigurations, 'clientConfigurations')),
      ...APP_CALLBACK_KEYS.map((key) => row(9, 'appCallbacks', text(callbacks[key]), `appCallbacks.${key}`, CALLBACK_LABELS[key])),
      row(9, 'authorizationHeader', input.authorizationHeader.saved ? `saved, ${input.authorizationHeader.length} characters (never shown)` : ''),
    ],
  });
  return steps;
}

export function snapshotOf(steps: StepAnswers[]): AnswersSnapshot {
  return { format: 1, steps };
}

/** A snapshot as stored, or undefined when it is not one this code reads. */
export function readSnapshot(value: unknown): AnswersSnapshot | undefined {
  const snapshot = record(value);
  if (snapshot.format !== 1 || !Array.isArray(snapshot.steps)) return undefined;
  const steps = snapshot.steps.map(record).map((step) => ({
    step: Number(step.step),
    rows: list(step.rows)
      .map(record)
      .map((item) => ({ key: text(item.key), field: text(item.field), label: text(item.label), value: typeof item.value === 'string' ? item.value : '' })),
  }));
  return { format: 1, steps };
}

export type AnswerChange = { key: string; field: string; label: string; before: string; after: string };
export type StepChanges = { step: number; changes: AnswerChange[] };

/**
 * What differs between two sets of answers, step by step and field by field (steps without a
 * change are left out): each field of `after` in its order, then the fields that are gone.
 */
export function diffAnswers(before: StepAnswers[], after: StepAnswers[]): StepChanges[] {
  const steps = [...new Set([...after.map((step) => step.step), ...before.map((step) => step.step)])].sort((a, b) => a - b);
  const result: StepChanges[] = [];
  for (const number of steps) {
    const old = new Map((before.find((step) => step.step === number)?.rows ?? []).map((item) => [item.key, item]));
    const now = after.find((step) => step.step === number)?.rows ?? [];
    const changes: AnswerChange[] = [];
    for (const item of now) {
      const was = old.get(item.key)?.value ?? '';
      if (was !== item.value) changes.push({ key: item.key, field: item.field, label: item.label, before: was, after: item.value });
      old.delete(item.key);
    }
    for (const item of old.values()) {
      if (item.value !== '') changes.push({ key: item.key, field: item.field, label: item.label, before: item.value, after: '' });
    }
    if (changes.length) result.push({ step: number, changes });
  }
  return result;
}
