import { Fragment } from 'react';
import { manifestJsonText, manifestJsonValue } from '@/lib/wizard/steps/9-version/manifest-values';

/**
 * A JSON value as nested key/value lists, to be read (and printed) rather than parsed: an
 * object's keys as terms, a list's items numbered, text as it is, numbers, true, false and null
 * in code type. Long values wrap.
 */
export function JsonValue({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <code>[] (an empty list)</code>;
    return (
      <ol className="list-decimal space-y-1 pl-5">
        {value.map((item, index) => (
          <li key={index}>
            <JsonValue value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return <code>{'{}'} (no keys)</code>;
    return (
      <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-1">
        {entries.map(([key, child]) => (
          <Fragment key={key}>
            <dt className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{key}</dt>
            <dd className="min-w-0 break-words">
              <JsonValue value={child} />
            </dd>
          </Fragment>
        ))}
      </dl>
    );
  }
  if (typeof value === 'string') return <span className="break-words whitespace-pre-wrap">{value}</span>;
  return <code>{JSON.stringify(value)}</code>;
}

/**
 * Step 9's dependencies or client configurations as the summary shows them: the JSON that is
 * sent, as key/value lists; rows not valid yet as they were saved; '' for none.
 */
export function ManifestJson({ saved, which }: { saved: unknown; which: 'dependencies' | 'clientConfigurations' }) {
  const value = manifestJsonValue(saved, which);
  if (value !== undefined) return <JsonValue value={value} />;
  const text = manifestJsonText(saved, which);
  if (text === undefined) return 'None';
  return (
    <>
      <span className="block text-amber-800 dark:text-amber-300">Not valid yet: as saved.</span>
      <pre className="text-xs break-all whitespace-pre-wrap">{text}</pre>
    </>
  );
}
