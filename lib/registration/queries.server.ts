import 'server-only';
/**
 * What the pages read: each query opens the database itself (pages never call getDb()), and
 * those a layout and its page both need are wrapped in React's cache(), so one request reads
 * them once (the registration layout and the step page share one loadWizard).
 */
import { cache } from 'react';
import { getDb } from '@/lib/db';
import { getConfig } from '@/lib/env';
import { segmentsForSpaceTypes } from '@/lib/banqup/schemas';
import { listReviewComments, openCommentsByStep } from '@/lib/registration/comments';
import * as repo from '@/lib/registration/repository';
import { changersSince, listReviewLinks, resolveReviewLink } from '@/lib/registration/review';
import { loadDecision } from '@/lib/registration/sign-off';
import { loadRegistrationView } from '@/lib/registration/summary';
import { atBanqupView } from '@/lib/wizard/holdings';
import { holdingsOf, loadWizard, stepStatuses, wizardStatus } from '@/lib/wizard/service';
import { refusedVersions } from '@/lib/wizard/steps/9-version/versions';
import { STEP_REGISTRY, type FormStep } from '@/lib/wizard/steps';
import { schemaContextOf } from '@/lib/wizard/steps/schema-context';
import { savedPreviewSources } from '@/lib/wizard/store-preview';
import type { StepContext } from '@/components/wizard/step-context';

/** The registration with every step's row, its files and its ledger (lib/wizard/service.ts). */
export const getWizard = cache(async (registrationId: string) => loadWizard(await getDb(), registrationId));

/** The step list's first data (later refreshed by react-query through getWizardStatus). */
export const getWizardStatusOf = cache(async (registrationId: string) => {
  const wizard = await getWizard(registrationId);
  return wizard ? wizardStatus(await getDb(), wizard) : undefined;
});

export const getStepStatuses = cache(async (registrationId: string) => {
  const wizard = await getWizard(registrationId);
  return wizard ? stepStatuses(await getDb(), wizard) : undefined;
});

export const getRegistrationById = cache(async (registrationId: string) => repo.getRegistration(await getDb(), registrationId));

/** Open reviewer comments per step (the step list's badges). */
export const getOpenComments = cache(async (registrationId: string) => openCommentsByStep(await getDb(), registrationId));

export async function getStepComments(registrationId: string, step: number) {
  return listReviewComments(await getDb(), registrationId, { step });
}

export async function getRegistrationList(query: Parameters<typeof repo.listRegistrations>[1]) {
  const db = await getDb();
  const [list, counts] = await Promise.all([repo.listRegistrations(db, query), repo.countByStatus(db)]);
  return { ...list, ...counts };
}

/** The reviewer's view of a registration (lib/registration/summary.ts), one page of its journal. */
export async function getRegistrationView(registrationId: string, options: Parameters<typeof loadRegistrationView>[2] = {}) {
  return loadRegistrationView(await getDb(), registrationId, options);
}

export async function getReviewLinks(registrationId: string) {
  return listReviewLinks(await getDb(), registrationId);
}

export async function getChangersSince(registrationId: string, revision: number) {
  return changersSince(await getDb(), registrationId, revision);
}

export async function getDecision(registrationId: string) {
  return loadDecision(await getDb(), registrationId);
}

/** The registration a review link opens, if the link is valid. */
export async function getReviewLinkTarget(token: string) {
  return resolveReviewLink(await getDb(), token);
}

/**
 * A step page's data: the step's saved values over its defaults, and what its form knows of the
 * other steps (StepContext), from the one loadWizard the layout also uses.
 */
export async function getStepPage(registrationId: string, step: FormStep) {
  const wizard = await getWizard(registrationId);
  if (!wizard) return undefined;
  const db = await getDb();
  const config = getConfig();
  const atBanqup = atBanqupView(step, (await holdingsOf(db, wizard, step)).holdings);
  const row = wizard.rows.get(step);
  const saved = row?.draft && typeof row.draft === 'object' ? (row.draft as Record<string, unknown>) : {};
  const values = { ...STEP_REGISTRY[step].defaults(), ...saved };
  const draftOf = (n: number) => (wizard.rows.get(n)?.draft ?? {}) as Record<string, unknown>;
  const secret = STEP_REGISTRY[step].secret;
  const schema = schemaContextOf({ spaceTypesDraft: wizard.rows.get(5)?.draft, ledger: wizard.ledger });

  const context: StepContext = {
    registrationId,
    revision: row?.draftRevision ?? 0,
    locked: step > 1 && !wizard.registration.applicationId,
    sandbox: config.mode === 'sandbox',
    supportEmail: config.supportEmail,
    assets: [...wizard.assets.values()].map(repo.assetView),
    allowedSegments: segmentsForSpaceTypes(schema.spaceTypes),
    schema,
    brandName: typeof draftOf(7).brandName === 'string' ? (draftOf(7).brandName as string) : undefined,
    refusedVersions: refusedVersions(wizard.ledger),
    authorizationHeader: secret ? await repo.describeSecret(db, registrationId, secret.name) : { saved: false, length: 0 },
    sentItems: atBanqup.held.map((item) => item.key),
    sentIds: Object.fromEntries(atBanqup.held.flatMap((item) => (item.wanted && item.remoteId ? [[item.key, item.remoteId]] : []))),
    atBanqup,
    retryAt: row?.lastError?.retryAt,
    preview: step >= 2 && step <= 4 ? savedPreviewSources({ info: draftOf(2), logo: draftOf(3), media: draftOf(4) }, [...wizard.assets.values()]) : undefined,
  };
  return { wizard, values, context };
}
