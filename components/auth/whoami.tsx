import type { User } from '@/lib/auth/current';
import type { AuthMode } from '@/lib/auth/config';
import { ROLE_DUTIES } from '@/lib/auth/roles';

const SOURCES: Record<User['source'], string> = {
  local: 'Local mode (AUTH_MODE=none): nobody signs in; the one local user has every role.',
  'proxy-header': 'Headers from a trusted proxy (AUTH_MODE=proxy).',
  'proxy-jwt': 'A token signed by the proxy, verified (AUTH_MODE=proxy).',
  oidc: 'An OpenID Connect sign-in (AUTH_MODE=oidc).',
};

/** What the app received about the signed-in person, and the roles that follow (/whoami). */
export function WhoAmI({ user, mode }: { user: User; mode: AuthMode }) {
  return (
    <section aria-labelledby="whoami-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="whoami-title" className="text-lg font-semibold">
        Who you are here
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">{SOURCES[user.source]} The same as JSON: <a className="underline" href="/api/whoami">/api/whoami</a>.</p>
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Identity</dt>
        <dd className="break-all font-mono">{user.id}</dd>
        <dt className="text-slate-500">Name shown</dt>
        <dd>{user.name}</dd>
        <dt className="text-slate-500">E-mail</dt>
        <dd className="break-all">{user.email ?? '—'}</dd>
        <dt className="text-slate-500">Groups received</dt>
        <dd className="break-all">{user.groups.length ? user.groups.join(', ') : mode === 'none' ? '—' : 'none'}</dd>
        <dt className="text-slate-500">Taken from</dt>
        <dd className="break-all">{user.detail}</dd>
      </dl>
      <h3 className="pt-2 text-sm font-semibold">Roles</h3>
      {user.roleReasons.length ? (
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {user.roleReasons.map((reason) => (
            <li key={reason.role}>
              <strong>{reason.role}</strong>: may {ROLE_DUTIES[reason.role]} <span className="text-slate-500">({reason.because})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm">No role: ask an admin to add you to ROLE_EDITORS, ROLE_REVIEWERS or ROLE_ADMINS.</p>
      )}
    </section>
  );
}
