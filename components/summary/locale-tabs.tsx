'use client';

import { useState } from 'react';

type Locale = { locale: string; displayName: string; shortDescription: string; description: string };
type Media = { id: string; fileName: string };

/** The store listing as the Banqup Store would show it, one locale at a time. */
export function LocaleTabs({ locales, logoId, media }: { locales: Locale[]; logoId?: string; media: Media[] }) {
  const [active, setActive] = useState(0);
  if (locales.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No language yet.</p>;
  return (
    <div>
      <div role="tablist" aria-label="Listing language" className="flex flex-wrap gap-1 print:hidden">
        {locales.map((entry, index) => (
          <button
            key={entry.locale}
            type="button"
            role="tab"
            id={`tab-${entry.locale}`}
            aria-selected={index === active}
            aria-controls={`panel-${entry.locale}`}
            onClick={() => setActive(index)}
            className={`rounded-t-md border border-b-0 px-3 py-1.5 text-sm ${index === active ? 'border-slate-300 bg-white font-semibold dark:border-slate-700 dark:bg-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400'}`}
          >
            {entry.locale}
          </button>
        ))}
      </div>
      {locales.map((entry, index) => (
        <div
          key={entry.locale}
          role="tabpanel"
          id={`panel-${entry.locale}`}
          aria-labelledby={`tab-${entry.locale}`}
          // In print every locale is shown, one after the other. Not the `hidden` attribute:
          // Tailwind's preflight hides [hidden] with !important, which no print: class undoes.
          className={`${index === active ? 'block' : 'hidden'} rounded-b-md rounded-tr-md border border-slate-300 bg-white p-4 print:mb-2 print:block print:break-inside-avoid print:rounded-md print:p-2 dark:border-slate-700 dark:bg-slate-900`}
        >
          <p className="hidden text-xs font-semibold print:block">{entry.locale}</p>
          <div className="flex gap-4">
            {logoId ? (
              // eslint-disable-next-line @next/next/no-img-element -- an uploaded asset, served by this app
              <img src={`/api/assets/${logoId}`} alt="App logo" className="size-16 shrink-0 rounded-xl border border-slate-200 object-contain dark:border-slate-700" />
            ) : (
              <span aria-hidden className="size-16 shrink-0 rounded-xl bg-slate-200 dark:bg-slate-800" />
            )}
            <div className="min-w-0">
              <p className="text-lg font-semibold">{entry.displayName}</p>
              <p className="text-slate-600 dark:text-slate-400">{entry.shortDescription}</p>
            </div>
          </div>
          <p className="mt-4 whitespace-pre-line text-sm">{entry.description}</p>
          {media.length ? (
            // In print the images show once, under the first language: they are the same in every one.
            <ol tabIndex={0} aria-label={`Media gallery (${entry.locale})`} className={`mt-4 flex gap-3 overflow-x-auto pb-2 print:mt-2 print:flex-wrap print:pb-0 ${index > 0 ? 'print:hidden' : ''}`}>
              {media.map((item, position) => (
                <li key={item.id} className="shrink-0">
                  {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded asset, served by this app */}
                  <img src={`/api/assets/${item.id}`} alt={`Screenshot ${position + 1}: ${item.fileName}`} className="h-36 rounded-md border border-slate-200 object-cover print:h-20 dark:border-slate-700" />
                  <span className="text-xs text-slate-600 dark:text-slate-400">{position + 1}</span>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ))}
    </div>
  );
}
