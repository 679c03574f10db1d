'use client';

import { useEffect, useRef } from 'react';
import { fieldId } from './field-ids';

/** How long after a send its errors may still arrive and take the focus. */
const ARMED_MS = 2_000;

/**
 * At the top of a step: what is wrong, each item a link to its field, named in words
 * (`text`, from error-names.ts: "Enter a resource for permission 3"). Focused when a send or
 * "Send and continue" found errors.
 */
export function ErrorSummary({ errors, focusKey }: { errors: { path: string; message: string; text?: string }[]; focusKey: number }) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus only when a send found errors, not on every keystroke. The send's count and its errors
  // may reach the page in two renders, in either order (react-hook-form sets its errors after the
  // callback that counts): a new count arms the focus for the errors that come with it.
  const armed = useRef<{ key: number; at: number } | null>(null);
  const hasErrors = errors.length > 0;
  useEffect(() => {
    if (focusKey === 0) return;
    if (armed.current?.key !== focusKey) armed.current = { key: focusKey, at: Date.now() };
    if (hasErrors && armed.current.at > 0 && Date.now() - armed.current.at < ARMED_MS) {
      armed.current.at = 0;
      ref.current?.focus();
    }
  }, [focusKey, hasErrors]);
  if (errors.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900 outline-none focus:ring-2 focus:ring-red-600 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <h2 id="error-summary-title" className="font-semibold">
        {errors.length === 1 ? 'One thing needs attention' : `${errors.length} things need attention`}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        {errors.map((error) => (
          <li key={`${error.path}:${error.message}`}>
            <a
              href={`#${fieldId(error.path)}`}
              className="underline"
              onClick={(event) => {
                const target = document.getElementById(fieldId(error.path));
                if (target) {
                  event.preventDefault();
                  target.focus();
                  target.scrollIntoView({ block: 'center' });
                }
              }}
            >
              {error.text ?? error.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
