/**
 * The registry of the wizard's steps: each step's folder (lib/wizard/steps/<n>-<name>/) holds
 * its schema, its form, its plan (the API calls it makes), its readiness checks and its
 * summary section; this table is how the rest of the app reaches them by step number.
 *
 * Plain module, zod only: the forms load it when they first validate, and the server action
 * parses with the very same `schema(context)`, so a rule (a cross-step one too) cannot live on
 * one side only. The forms themselves are reached through forms.tsx (client, lazily loaded),
 * the plans through plans.ts (server only): neither is imported here, to keep each page's
 * JavaScript to its own step.
 *
 * Words: "draft app" is what step 1 asks Banqup for (folder 1-draft-app; its page keeps the
 * URL /draft it always had); "draft" alone is a step's saved, not yet sent, form values.
 */
import * as z from 'zod/mini';
import type { SpaceType } from '@/lib/banqup/schemas';
import { STEPS } from './meta';
import { draftAppStepDefaults, draftAppStepSchema } from './1-draft-app/schema';
import { infoStepDefaults, infoStepSchema } from './2-info/schema';
import { logoStepDefaults, logoStepSchema } from './3-logo/schema';
import { mediaStepDefaults, mediaStepSchema } from './4-media/schema';
import { spaceTypesStepDefaults, spaceTypesStepSchema } from './5-space-types/schema';
import { spaceSegmentsSchemaFor, spaceSegmentsStepDefaults } from './6-space-segments/schema';
import { brandStepDefaults, brandStepSchema } from './7-brand/schema';
import { locationsStepDefaults, locationsStepSchema } from './8-locations/schema';
import { AUTHORIZATION_HEADER_SECRET, nextVersionValues, versionStepDefaults, versionStepSchemaAfter } from './9-version/schema';
import { logoFiles } from './3-logo/files';
import { mediaFiles } from './4-media/files';

/**
 * What a step's schema needs to know of the other steps: the space types saved in step 5
 * (step 6 offers only their segments) and the highest version Banqup holds (step 9's version
 * must exceed it). The page and the action both build it with `schemaContextOf`.
 */
export type StepSchemaContext = { spaceTypes: readonly SpaceType[]; lastSentVersion: string | undefined };
export type SchemaNeed = keyof StepSchemaContext;
/** A context with nothing saved: what a step that needs nothing is parsed with. */
export const EMPTY_SCHEMA_CONTEXT: StepSchemaContext = { spaceTypes: [], lastSentVersion: undefined };

type StepEntry<S extends z.ZodMiniObject> = (typeof STEPS)[number] & {
  /** The step's schema with its cross-step context: the browser validates with it, the server parses with it. */
  schema(context: StepSchemaContext): S;
  /** The form's values before anything is saved. */
  defaults(): z.output<S>;
  /** Which parts of the context the schema reads: only those are loaded for a save or a send. */
  needs: readonly SchemaNeed[];
  /** A write-only field, kept as the registration secret `name` and never sent back to the browser (step 9's callback header). */
  secret?: { field: string; name: string };
  /** The uploaded files the step's values name (steps 3 and 4): assets, sent with the step. */
  files?: StepFiles;
  /** The step's values in a next version of the registration, when not the same (step 9: a new version number). */
  nextVersion?(values: Record<string, unknown>, now: Date): Record<string, unknown>;
};

/** How a step's values name its uploaded files: their asset ids, and the values with those ids replaced (a next version's copies). */
export type StepFiles = {
  ids(values: Record<string, unknown>): string[];
  remap(values: Record<string, unknown>, ids: ReadonlyMap<string, string>): Record<string, unknown>;
};

const meta = <N extends 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9>(number: N) => STEPS[number - 1] as Extract<(typeof STEPS)[number], { number: N }>;
const entry = <S extends z.ZodMiniObject>(step: StepEntry<S>) => step;

export const STEP_REGISTRY = {
  1: entry({ ...meta(1), schema: () => draftAppStepSchema, defaults: () => draftAppStepDefaults, needs: [] }),
  2: entry({ ...meta(2), schema: () => infoStepSchema, defaults: () => infoStepDefaults, needs: [] }),
  3: entry({ ...meta(3), schema: () => logoStepSchema, defaults: () => logoStepDefaults, needs: [], files: logoFiles }),
  4: entry({ ...meta(4), schema: () => mediaStepSchema, defaults: () => mediaStepDefaults, needs: [], files: mediaFiles }),
  5: entry({ ...meta(5), schema: () => spaceTypesStepSchema, defaults: () => spaceTypesStepDefaults, needs: [] }),
  6: entry({ ...meta(6), schema: (context) => spaceSegmentsSchemaFor(context.spaceTypes), defaults: () => spaceSegmentsStepDefaults, needs: ['spaceTypes'] }),
  7: entry({ ...meta(7), schema: () => brandStepSchema, defaults: () => brandStepDefaults, needs: [] }),
  8: entry({ ...meta(8), schema: () => locationsStepSchema, defaults: () => locationsStepDefaults, needs: [] }),
  9: entry({
    ...meta(9),
    schema: (context) => versionStepSchemaAfter(context.lastSentVersion),
    defaults: () => versionStepDefaults(),
    needs: ['lastSentVersion'],
    secret: { field: 'authorizationHeader', name: AUTHORIZATION_HEADER_SECRET },
    nextVersion: nextVersionValues,
  }),
} as const;

/** The steps with a form (1–9): step 10, the approval, is the summary's. */
export type FormStep = keyof typeof STEP_REGISTRY;
export const FORM_STEPS = Object.keys(STEP_REGISTRY).map(Number) as FormStep[];

/** The steps whose values name uploaded files (3 and 4): their assets are kept while a draft or the ledger uses them. */
export const FILE_STEPS = FORM_STEPS.filter((step) => STEP_REGISTRY[step].files !== undefined);

export function isFormStep(step: number): step is FormStep {
  return Object.hasOwn(STEP_REGISTRY, step);
}

/** A step's schema with its cross-step context: what both the form and the server action parse. */
export function stepSchema(step: FormStep, context: StepSchemaContext): z.ZodMiniObject {
  return STEP_REGISTRY[step].schema(context);
}

/** Largest draft a step may save (JSON characters): drafts are text, files are assets. */
export const MAX_DRAFT_CHARS = 256 * 1024;

/**
 * A draft is work in progress: it need not pass the step's schema, but it must be a JSON
 * object with only the step's fields, of bounded size. Unknown fields are refused.
 */
export function draftSchemaFor(step: FormStep) {
  const keys = Object.keys(stepSchema(step, EMPTY_SCHEMA_CONTEXT).shape);
  return z
    .record(z.string(), z.unknown())
    .check(
      z.refine((draft) => Object.keys(draft).every((key) => keys.includes(key)), { error: 'The draft has fields this step does not know' }),
      z.refine((draft) => JSON.stringify(draft).length <= MAX_DRAFT_CHARS, { error: `The draft is larger than ${MAX_DRAFT_CHARS / 1024} KB` }),
    );
}
