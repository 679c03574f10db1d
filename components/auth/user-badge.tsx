import { currentUser } from '@/lib/auth/current';
import { getConfig } from '@/lib/env';
import { SignOutButton } from './sign-out-button';

/** Who is signed in (and how), in the page header: or that local mode has no sign-in. */
export async function UserBadge() {
  const mode = getConfig().auth.mode;
  if (mode === 'none') {
    return (
      <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300" title="AUTH_MODE=none: for one person on this machine">
        local mode: no sign-in
      </span>
    );
  }
  const result = await currentUser();
  if (!result.ok) return null;
  const { name, roles } = result.user;
  return (
    <span className="flex items-center gap-2 text-sm">
      <span className="text-slate-700 dark:text-slate-200" data-testid="signed-in-as">
        {name}
      </span>
      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">{roles.join(', ') || 'no role'}</span>
      {mode === 'oidc' ? <SignOutButton /> : null}
    </span>
  );
}
