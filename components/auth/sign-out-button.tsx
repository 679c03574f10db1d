import { buttonClasses } from '@/components/ui/button';

/**
 * Signs the current person out (AUTH_MODE=oidc): a plain form POSTing to /auth/sign-out, so it
 * works before any script has loaded and from a server component. The route checks that the
 * POST comes from the app's own pages.
 */
export function SignOutButton({ className = '' }: { className?: string }) {
  return (
    <form method="post" action="/auth/sign-out" className={className}>
      <button type="submit" className={buttonClasses('secondary')}>
        Sign out
      </button>
    </form>
  );
}
