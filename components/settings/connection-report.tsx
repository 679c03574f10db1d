import type { ConnectionReport } from '@/lib/banqup/connection';

/** The connection check, as a page section: what was checked, what it found, and what to fix. Never a secret. */
export function ConnectionReportView({ report }: { report: ConnectionReport }) {
  const token = report.token;
  const probe = report.probe;
  const skew = report.clock.skewMs;
  const rows: { label: string; value: React.ReactNode }[] = [
    { label: 'Talks to', value: report.mode === 'sandbox' ? "The sandbox (the app's built-in Banqup stand-in): nothing reaches Banqup" : 'The real Banqup API' },
    { label: 'API base URL', value: <code className="break-all">{report.apiUrl}</code> },
    {
      label: 'Token',
      value:
        report.auth === 'oauth' ? (
          <>
            OAuth2 client credentials from <code className="break-all">{report.tokenUrl}</code>, the client id and secret{' '}
            {report.tokenAuth === 'basic' ? 'as HTTP Basic' : 'in the form body'}
          </>
        ) : report.mode === 'sandbox' ? (
          "The sandbox's static token"
        ) : (
          'A static bearer token (BANQUP_API_TOKEN)'
        ),
    },
  ];
  if (token) {
    rows.push({
      label: 'Access token',
      value: token.ok ? (
        token.source === 'oauth' ? (
          <>
            Obtained in {token.durationMs} ms.{' '}
            {token.lifetimeStated ? `Expires in ${token.expiresInSeconds} s (${token.expiresAt}).` : `No expires_in stated: the app assumes ${token.expiresInSeconds} s.`}
          </>
        ) : (
          token.detail
        )
      ) : (
        <span className="text-red-700 dark:text-red-400">{token.detail}</span>
      ),
    });
    if (token.source === 'oauth' && token.ok) {
      rows.push({
        label: 'Scopes',
        value: token.scopes ? (
          <>
            {token.scopes.join(' ')}
            {token.missingScopes.length > 0 ? <span className="text-red-700 dark:text-red-400"> (missing: {token.missingScopes.join(', ')})</span> : null}
          </>
        ) : (
          `Not stated by the token endpoint (the steps need ${report.requiredScopes.join(', ')}).`
        ),
      });
    }
  }
  rows.push({
    label: 'Authenticated call',
    value: probe ? (
      <>
        <code className="break-all">
          {probe.method} {probe.path}
        </code>{' '}
        → {probe.status === null ? 'no answer' : `HTTP ${probe.status}`} in {probe.roundTripMs} ms. {probe.detail}
        {probe.requestId ? <span className="block text-xs">Request id: {probe.requestId}</span> : null}
      </>
    ) : (
      'Not made: no token to make it with.'
    ),
  });
  rows.push({
    label: 'Clock skew',
    value: skew === null ? report.clock.detail : `${skew >= 0 ? '+' : '−'}${(Math.abs(skew) / 1000).toFixed(1)} s against the API's Date header. ${report.clock.detail}`,
  });

  return (
    <div className="space-y-6">
      <div
        role="status"
        className={`rounded-md border p-4 ${report.ok ? 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100' : 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100'}`}
      >
        <p className="font-semibold">
          {!report.ok
            ? `The connection has ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}.`
            : report.probe?.verdict === 'cannot_tell'
              ? 'Banqup answers, but this check cannot tell whether the token works (see below).'
              : 'The connection works.'}
        </p>
        {report.problems.length > 0 ? (
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {report.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <dl className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {rows.map((row) => (
          <div key={row.label} className="grid gap-1 px-4 py-3 sm:grid-cols-[12rem_1fr]">
            <dt className="font-medium">{row.label}</dt>
            <dd className="text-slate-700 dark:text-slate-300">{row.value}</dd>
          </div>
        ))}
      </dl>
      {report.warnings.length > 0 ? (
        <section aria-labelledby="warnings-title" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <h2 id="warnings-title" className="font-semibold">
            Worth knowing
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {report.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="text-xs text-slate-500 dark:text-slate-400">Checked at {report.checkedAt}.</p>
    </div>
  );
}
