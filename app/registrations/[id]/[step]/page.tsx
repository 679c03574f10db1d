import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { StepForm } from '@/components/wizard/step-form';
import { ChangeGate } from '@/components/wizard/change-gate';
import { ReviewNotice } from '@/components/wizard/review-notice';
import { listReviewComments } from '@/lib/registration/comments';
import { ForwardProvider } from '@/components/wizard/forward';
import { forwardOf, fromSummary } from '@/components/wizard/forward-target';
import { can, pageUser } from '@/lib/auth/current';
import { SUBMITTED_STATUSES } from '@/lib/registration/repository';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/steps';
import { segmentsForSpaceTypes, uuidSchema, type SpaceType } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { getConfig } from '@/lib/env';
import { assetView, describeSecret, getDraft } from '@/lib/registration/repository';
import { STEPS } from '@/lib/registration/steps';
import { atBanqupView } from '@/lib/wizard/holdings';
import { AUTHORIZATION_HEADER_SECRET, holdingsOf, lastSentVersion, loadWizard, refusedVersions } from '@/lib/wizard/service';
import { STEP_FORMS, isFormStep } from '@/lib/wizard/step-schemas';
import { savedPreviewSources } from '@/lib/wizard/store-preview';

type Props = { params: Promise<{ id: string; step: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { step } = await params;
  return { title: STEPS.find((s) => s.slug === step)?.title ?? 'Step' };
}

/** One step of the wizard: its saved draft (or empty values) and what its form needs to know. */
export default async function StepPage({ params, searchParams }: Props) {
  const { id, step: slug } = await params;
  const toSummary = fromSummary(await searchParams);
  const meta = STEPS.find((s) => s.slug === slug);
  if (!uuidSchema.safeParse(id).success || !meta || !isFormStep(meta.number)) notFound();
  const step = meta.number;
  const db = await getDb();
  const wizard = await loadWizard(db, id);
  if (!wizard) notFound();
  const config = getConfig();
  const atBanqup = atBanqupView(step, (await holdingsOf(db, wizard, step)).holdings);

  const saved = await getDraft(db, id, step);
  const defaults = STEP_FORMS[step].defaults();
  const draft = saved?.draft && typeof saved.draft === 'object' ? saved.draft : {};
  const values = { ...defaults, ...draft };
  const draftOf = (n: number) => (wizard.rows.get(n)?.draft ?? {}) as Record<string, unknown>;
  const spaceTypes = (Array.isArray(draftOf(5).spaceTypes) ? draftOf(5).spaceTypes : []) as SpaceType[];

  const context = {
    registrationId: id,
    revision: saved?.revision ?? 0,
    locked: step > 1 && !wizard.registration.applicationId,
    sandbox: config.mode === 'sandbox',
    supportEmail: config.supportEmail,
    assets: [...wizard.assets.values()].map(assetView),
    allowedSegments: segmentsForSpaceTypes(spaceTypes),
    spaceTypes,
    brandName: typeof draftOf(7).brandName === 'string' ? (draftOf(7).brandName as string) : undefined,
    lastSentVersion: lastSentVersion(wizard.ledger),
    refusedVersions: step === 9 ? refusedVersions(wizard.ledger) : [],
    authorizationHeader: step === 9 ? await describeSecret(db, id, AUTHORIZATION_HEADER_SECRET) : { saved: false, length: 0 },
    sentItems: atBanqup.held.map((item) => item.key),
    sentIds: Object.fromEntries(atBanqup.held.flatMap((item) => (item.wanted && item.remoteId ? [[item.key, item.remoteId]] : []))),
    atBanqup,
    retryAt: wizard.rows.get(step)?.lastError?.retryAt,
    preview: step >= 2 && step <= 4 ? savedPreviewSources({ info: draftOf(2), logo: draftOf(3), media: draftOf(4) }, [...wizard.assets.values()]) : undefined,
  };

  const user = await pageUser();
  const notEditor = can(user, 'editor') ? undefined : `You are signed in as ${user.name} (${user.roles.join(', ')}): only editors change this registration and send it to Banqup.`;
  const { status, reopenAcknowledgedBy } = wizard.registration;
  const withBanqup = SUBMITTED_STATUSES.has(status) && reopenAcknowledgedBy === null ? REGISTRATION_STATUS_LABELS[status] : undefined;

  const previous = STEPS.find((s) => s.number === step - 1);
  const next = STEPS.find((s) => s.number === step + 1 && s.number <= 9);
  const summary = `/registrations/${id}/summary`;
  // The primary action's way on: the next step, or the summary after step 9 (or when opened from it).
  const forward = forwardOf(id, step, toSummary);
  return (
    <div className="space-y-8">
      {toSummary ? (
        <Link href={summary} className="inline-block text-sm text-brand-700 underline dark:text-brand-100">
          ← Back to the summary
        </Link>
      ) : null}
      {/* Under 768 px the step list's button says it already. */}
      <p className="hidden text-sm font-medium text-brand-700 md:block dark:text-brand-100">Step {step} of 10</p>
      <ReviewNotice registrationId={id} comments={await listReviewComments(db, id, { step })} canResolve={can(user, 'editor') && !wizard.registration.archivedAt} />
      {context.locked ? (
        <div role="note" className="rounded-md border border-slate-300 bg-white p-4 text-sm dark:border-slate-700 dark:bg-slate-900">
          This step needs the <strong>applicationId</strong> of your draft app. You can fill it in now and save a draft, but sending waits until{' '}
          <Link className="underline" href={`/registrations/${id}/draft`}>
            step 1
          </Link>{' '}
          has the applicationId.
        </div>
      ) : null}
      <ChangeGate
        registrationId={id}
        notEditor={notEditor}
        withBanqup={withBanqup}
        readOnly={wizard.registration.archivedAt ? 'This registration is archived: its answers are shown read-only. Restore it to change or send them.' : undefined}
      >
        <ForwardProvider forward={forward}>
          <StepForm step={step} values={values} context={context} />
        </ForwardProvider>
      </ChangeGate>
      <nav aria-label="Previous and next step" className="flex justify-between text-sm">
        {previous ? (
          <Link href={`/registrations/${id}/${previous.slug}`} className="text-brand-700 underline dark:text-brand-100">
            ← {previous.number}. {previous.title}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link href={`/registrations/${id}/${next.slug}`} className="text-brand-700 underline dark:text-brand-100">
            {next.number}. {next.title} →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
