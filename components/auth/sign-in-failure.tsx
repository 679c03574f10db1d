import { buttonClasses } from '@/components/ui/button';
import { SIGN_IN_FAILURES, type SignInFailure } from '@/lib/auth/sign-in-failures';

/** What went wrong with a sign-in, and the way to try again. */
export function SignInFailureView({ reason, errorCode, signInHref }: { reason: SignInFailure; errorCode?: string; signInHref: string }) {
  const failure = SIGN_IN_FAILURES[reason];
  return (
    <div className="mx-auto max-w-xl space-y-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">{failure.title}</h1>
      <p className="text-slate-700 dark:text-slate-300">{failure.text}</p>
      {errorCode ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The provider’s error code: <code>{errorCode}</code>
        </p>
      ) : null}
      {/* A plain link: sign-in is a route that sends the browser on to the provider. */}
      <a href={signInHref} className={buttonClasses('primary')}>
        Sign in again
      </a>
    </div>
  );
}
