import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { SandboxBanner } from '@/components/sandbox-banner';
import { UserBadge } from '@/components/auth/user-badge';
import { getConfig } from '@/lib/env';
import './globals.css';

// Every page reads the database and the run-time configuration: nothing is prerendered.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Banqup Store wizard', template: '%s · Banqup Store wizard' },
  description: 'Register an application in the Banqup Store, step by step.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { mode } = getConfig();
  // A review link shows its summary and nothing else: no way into the app from it.
  const reviewPage = ((await headers()).get('x-wizard-path') ?? '').startsWith('/review/');
  return (
    <html lang="en">
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="print:hidden sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
          Skip to content
        </a>
        {mode === 'sandbox' ? <SandboxBanner /> : null}
        <header className="border-b border-slate-200 bg-white print:hidden dark:border-slate-800 dark:bg-slate-900">
          <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
            {reviewPage ? (
              <span className="flex items-center gap-2 font-semibold text-slate-900 dark:text-white">
                <span aria-hidden className="inline-block size-6 rounded bg-brand-600" />
                Banqup Store wizard
              </span>
            ) : (
              <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900 dark:text-white">
                <span aria-hidden className="inline-block size-6 rounded bg-brand-600" />
                Banqup Store wizard
              </Link>
            )}
            {reviewPage ? null : (
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <Link href="/" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                Registrations
              </Link>
              <Link href="/settings" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                Connection
              </Link>
              <UserBadge />
            </div>
            )}
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
