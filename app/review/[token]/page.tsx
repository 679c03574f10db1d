import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DecisionPanel } from '@/components/summary/decision-panel';
import { SummaryDocument } from '@/components/summary/summary-document';
import { PrintButton } from '@/components/summary/review-panels';
import { buttonClasses } from '@/components/ui/button';
import { journalPage } from '@/lib/registration/summary';
import { getDecision, getRegistrationView, getReviewLinkTarget } from '@/lib/registration/queries.server';
import { setRequestRegistration } from '@/lib/server/request-hook';

export const metadata: Metadata = { title: 'Review', robots: { index: false } };

/** The read-only review link: the summary, without any control that edits. */
export default async function ReviewPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ journalBefore?: string | string[] }> }) {
  const { token } = await params;
  const registrationId = await getReviewLinkTarget(token);
  setRequestRegistration(registrationId);
  const query = await searchParams;
  const view = registrationId ? await getRegistrationView(registrationId, { journal: journalPage(query) }) : undefined;
  if (!view || !registrationId) notFound();
  const decision = await getDecision(registrationId);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm font-medium text-brand-700 dark:text-brand-100">Read-only review</p>
          <h1 className="text-2xl font-semibold tracking-tight">{view.registration.name || 'Untitled registration'}</h1>
        </div>
        <div className="flex flex-wrap gap-2 print:hidden">
          <PrintButton />
          <a href={`/review/${token}/export`} className={buttonClasses('secondary')} download>
            Download JSON
          </a>
        </div>
      </div>
      <DecisionPanel view={view} changes={decision.changes} comments={decision.comments} editable={false} canResolve={false} />
      <SummaryDocument view={view} editable={false} comments={decision.comments} journalOpen={query.journalBefore !== undefined} />
    </div>
  );
}
