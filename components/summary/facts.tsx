/** The summary's building blocks for a step's answers (lib/wizard/steps/<n>-<slug>/summary.tsx). */

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
/** A time as the summary writes it: "27 Nov 2026, 22:50 UTC", or a dash. */
export const when = (iso?: string | Date) => (iso ? `${dateTime.format(new Date(iso))} UTC` : '—');

export const NOT_ANSWERED = <span className="text-slate-600 italic dark:text-slate-400">Not answered</span>;

/** Answers as term and value; an empty value is "Not answered". */
export function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium text-slate-600 dark:text-slate-400">{term}</dt>
          <dd className="min-w-0 break-words">{value === '' || value === undefined || value === null || (Array.isArray(value) && value.length === 0) ? NOT_ANSWERED : value}</dd>
        </div>
      ))}
    </dl>
  );
}
