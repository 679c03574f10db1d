import type { Metadata } from 'next';
import { ConnectionReportView } from '@/components/settings/connection-report';
import { getConnectionReport } from '@/lib/banqup/connection';

export const metadata: Metadata = { title: 'Connection' };
export const dynamic = 'force-dynamic';

/** The connection check (the same as `npm run doctor` and /api/connection), run on each visit. */
export default async function ConnectionPage() {
  const report = await getConnectionReport();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Connection to Banqup</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          Which Banqup this app talks to, whether it can get a token, and one harmless authenticated call: a read of an application that cannot exist (a random
          UUID), which an API that accepts the token answers with 404. Nothing is created or changed. <code>npm run doctor</code> runs the same check from a
          terminal.
        </p>
      </div>
      <ConnectionReportView report={report} />
      <a href="/settings" className="inline-block text-sm text-brand-700 underline dark:text-brand-100">
        Check again
      </a>
    </div>
  );
}
