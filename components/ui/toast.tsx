'use client';

import { useSyncExternalStore } from 'react';

/**
 * Short notices ("Draft saved", "Sent 3 of 3 calls", a failure) in one polite live region.
 * A few lines of our own instead of a toast library: it is on every step page, and the
 * library weighed 11 KB of the 200 KB budget. Errors stay longer than successes, every
 * notice can be closed, and the newest five are kept. They show at the top of the viewport,
 * where no page keeps a primary action (e2e/layout.spec.ts checks the step pages).
 */
type Notice = { id: number; kind: 'success' | 'error'; message: string };

const SHOWN_MS = { success: 5_000, error: 12_000 } as const;
const KEPT = 5;
const NONE: Notice[] = [];

let notices: Notice[] = NONE;
let nextId = 1;
const listeners = new Set<() => void>();

function publish(next: Notice[]) {
  notices = next;
  for (const listener of listeners) listener();
}

function dismiss(id: number) {
  if (notices.some((notice) => notice.id === id)) publish(notices.filter((notice) => notice.id !== id));
}

/** Shows a notice; returns its id, to close it early (an error that a retry made good). */
function show(kind: Notice['kind'], message: string): number {
  const notice = { id: nextId++, kind, message };
  publish([...notices, notice].slice(-KEPT));
  setTimeout(() => dismiss(notice.id), SHOWN_MS[kind]);
  return notice.id;
}

export const toast = {
  success: (message: string) => show('success', message),
  error: (message: string) => show('error', message),
  dismiss,
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function Toaster() {
  const shown = useSyncExternalStore(subscribe, () => notices, () => NONE);
  return (
    // At the top of the viewport, on the right from 640 px up: the pages' primary actions sit at
    // the end of their forms (and the way on to the next step at the bottom right), where a
    // toast at the bottom covered them just after they were pressed.
    <section aria-label="Notifications" className="pointer-events-none fixed inset-x-4 top-4 z-50 print:hidden sm:left-auto sm:w-80">
      <ol aria-live="polite" className="flex flex-col gap-2">
        {shown.map((notice) => (
          <li
            key={notice.id}
            className={`pointer-events-auto flex items-start gap-3 rounded-md border px-4 py-3 text-sm shadow-lg ${
              notice.kind === 'error'
                ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
                : 'border-slate-200 bg-white text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100'
            }`}
          >
            <p className="flex-1">{notice.message}</p>
            <button
              type="button"
              onClick={() => dismiss(notice.id)}
              aria-label="Close notice"
              className="-my-1 rounded px-1 text-lg leading-none opacity-70 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              ×
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
