import type { Metadata } from 'next';
import { WhoAmI } from '@/components/auth/whoami';
import { ConnectionReportView } from '@/components/settings/connection-report';
import { can, pageUser } from '@/lib/auth/current';
import { getConnectionReport } from '@/lib/banqup/connection';
import { getConfig } from '@/lib/env';

export const metadata: Metadata = { title: 'Connection' };
export const dynamic = 'force-dynamic';

/**
 * Who you are here (everyone: to debug a proxy or OpenID Connect set-up), and for admins the
 * connection check (the same as `npm run doctor` and /api/connection), run on each visit.
 */
export default async function ConnectionPage() {
  const user = await pageUser();
  const admin = can(user, 'admin');
  const report = admin ? await getConnectionReport() : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Connection</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">Who you are to this wizard, and which Banqup it talks to with the team’s token.</p>
      </div>
      <WhoAmI user={user} mode={getConfig().auth.mode} />
      <section aria-labelledby="banqup-title" className="space-y-4">
        <h2 id="banqup-title" className="text-lg font-semibold">
          Connection to Banqup
        </h2>
        {report ? (
          <>
            <p className="text-slate-600 dark:text-slate-400">
              Which Banqup this app talks to, whether it can get a token, and one harmless authenticated call: a read of an application that cannot exist (a random
              UUID), which an API that accepts the token answers with 404. Nothing is created or changed. <code>npm run doctor</code> runs the same check from a
              terminal.
            </p>
            <ConnectionReportView report={report} />
            <a href="/settings" className="inline-block text-sm text-brand-700 underline dark:text-brand-100">
              Check again
            </a>
          </>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">Only an admin sees the connection to Banqup (which API, which token): you are {user.roles.join(' and ') || 'without a role'}.</p>
        )}
      </section>
    </div>
  );
}
