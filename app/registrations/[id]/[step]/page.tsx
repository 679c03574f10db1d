import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { StepForm } from '@/lib/wizard/steps/forms';
import { ChangeGate } from '@/components/wizard/change-gate';
import { ReviewNotice } from '@/components/wizard/review-notice';
import { ForwardProvider } from '@/components/wizard/forward';
import { forwardOf, fromSummary } from '@/components/wizard/forward-target';
import { can, pageUser } from '@/lib/auth/current';
import { SUBMITTED_STATUSES } from '@/lib/registration/repository';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/statuses';
import { STEPS } from '@/lib/wizard/steps/meta';
import { isFormStep } from '@/lib/wizard/steps';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getStepComments, getStepPage } from '@/lib/registration/queries.server';

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
  const page = await getStepPage(id, step);
  if (!page) notFound();
  const { wizard, values, context } = page;

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
      <ReviewNotice registrationId={id} comments={await getStepComments(id, step)} canResolve={can(user, 'editor') && !wizard.registration.archivedAt} />
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
