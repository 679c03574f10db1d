import { buttonClasses } from '@/components/ui/button';

/** After signing out (and after the provider's own sign-out, which comes back here). */
export function SignedOutView() {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">You are signed out</h1>
      <p className="text-slate-700 dark:text-slate-300">Your session in the wizard has ended. Nothing you saved is lost.</p>
      <a href="/auth/sign-in" className={buttonClasses('primary')}>
        Sign in again
      </a>
    </div>
  );
}
