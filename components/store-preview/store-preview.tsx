'use client';

import { useId, useState } from 'react';
import { STORE_DISPLAY_LENGTHS, storePreview, type PreviewText, type StorePreviewSources } from '@/lib/wizard/store-preview';

const box = 'rounded-md border border-slate-200 bg-slate-50 p-3 dark:border-slate-700 dark:bg-slate-950';
const subheading = 'text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';
const missing = 'italic text-slate-500 dark:text-slate-400';
const COMPACT_DESCRIPTION = 300;

function Text({ value, placeholder, full = false }: { value: PreviewText; placeholder: string; full?: boolean }) {
  if (!value.text) return <span className={missing}>{placeholder}</span>;
  return <>{full ? value.text : value.shown}</>;
}

function Logo({ logo, className }: { logo: { src: string; alt: string } | null; className: string }) {
  return logo ? (
    // eslint-disable-next-line @next/next/no-img-element -- an uploaded asset, served by this app
    <img src={logo.src} alt={logo.alt} className={`${className} shrink-0 rounded-xl border border-slate-200 bg-white object-contain dark:border-slate-700`} />
  ) : (
    <span aria-hidden className={`${className} shrink-0 rounded-xl bg-slate-200 dark:bg-slate-800`} />
  );
}

/**
 * The Banqup Store's listing card and detail view for one locale at a time, from the sources
 * given: on steps 2–4 what is being typed or uploaded there beside the other steps' saved
 * answers, on the summary what is saved. `follow`: a locale to switch to whenever it changes
 * (step 2: the language being edited). `compact`: a description longer than 300 characters in its first lines only.
 */
export function StorePreview({ sources, follow, compact = false }: { sources: StorePreviewSources; follow?: string; compact?: boolean }) {
  const id = useId();
  const [chosen, setChosen] = useState(follow);
  const [followed, setFollowed] = useState(follow);
  if (follow !== followed) {
    setFollowed(follow);
    setChosen(follow);
  }
  const preview = storePreview(sources, chosen);
  const { displayName, shortDescription, description, locale } = preview;
  // Beside a form, a long description shows its first lines only (and says so).
  const clamped = compact && description.text.length > COMPACT_DESCRIPTION;
  const borrowed = (
    [
      ['display name', displayName],
      ['short description', shortDescription],
      ['description', description],
    ] as const
  ).filter(([, value]) => value.from);

  return (
    <section aria-labelledby={`${id}-title`} className="@container space-y-4 rounded-lg border border-slate-200 bg-white p-4 print:hidden dark:border-slate-800 dark:bg-slate-900">
      <div className="space-y-1">
        <h2 id={`${id}-title`} className="font-semibold">
          Store preview{locale ? ` (${locale})` : ''}
        </h2>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Banqup publishes no display lengths: this preview assumes the store shows {STORE_DISPLAY_LENGTHS.displayName} characters of the name and{' '}
          {STORE_DISPLAY_LENGTHS.shortDescription} of the short description on its listing card, what app stores commonly show.
        </p>
      </div>
      {preview.locales.length > 1 ? (
        <div role="group" aria-label="Preview language" className="flex flex-wrap gap-1">
          {preview.locales.map((tag) => (
            <button
              key={tag}
              type="button"
              aria-pressed={tag === locale}
              onClick={() => setChosen(tag)}
              className="rounded-md border border-slate-300 px-2.5 py-1 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 aria-pressed:border-brand-600 aria-pressed:bg-brand-600 aria-pressed:font-semibold aria-pressed:text-white dark:border-slate-600 dark:aria-pressed:border-brand-100 dark:aria-pressed:bg-brand-100 dark:aria-pressed:text-slate-950"
            >
              {tag}
            </button>
          ))}
        </div>
      ) : null}

      <div className="grid gap-4 @2xl:grid-cols-[minmax(0,18rem)_minmax(0,1fr)]">
        <article aria-labelledby={`${id}-card`} className="min-w-0 space-y-2">
          <h3 id={`${id}-card`} className={subheading}>
            Listing card
          </h3>
          <div className={`flex gap-3 ${box}`}>
            <Logo logo={preview.logo} className="size-12" />
            <div className="min-w-0 wrap-anywhere">
              <p className="font-semibold">
                <Text value={displayName} placeholder="No display name yet" />
              </p>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                <Text value={shortDescription} placeholder="No short description yet" />
              </p>
            </div>
          </div>
        </article>

        <article aria-labelledby={`${id}-detail`} className="min-w-0 space-y-2">
          <h3 id={`${id}-detail`} className={subheading}>
            Detail view
          </h3>
          <div className={`space-y-3 ${box}`}>
            <div className="flex items-center gap-3">
              <Logo logo={preview.logo} className="size-16" />
              <p className="min-w-0 text-lg font-semibold wrap-anywhere">
                <Text value={displayName} placeholder="No display name yet" full />
              </p>
            </div>
            <p className={`whitespace-pre-line text-sm wrap-anywhere ${clamped ? 'line-clamp-8' : ''}`}>
              <Text value={description} placeholder="No description yet" full />
            </p>
            {clamped ? (
              <p className="text-xs text-slate-600 dark:text-slate-400">Its first lines only here: the summary shows the whole description.</p>
            ) : null}
            {preview.media.length ? (
              <ol aria-label="Media in the store’s order" className="grid grid-cols-2 gap-2 @lg:grid-cols-3">
                {preview.media.map((item) => (
                  <li key={`${item.position}-${item.id}`} className="min-w-0">
                    {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded asset, served by this app */}
                    <img src={item.src} alt={item.alt} className="aspect-video w-full rounded border border-slate-200 bg-white object-cover dark:border-slate-700" />
                    <span className="text-xs text-slate-600 tabular-nums dark:text-slate-400">{item.position}</span>
                  </li>
                ))}
              </ol>
            ) : (
              <p className={`text-sm ${missing}`}>No media yet.</p>
            )}
          </div>
        </article>
      </div>

      {preview.warnings.length || borrowed.length ? (
        <ul className="space-y-1 text-sm">
          {preview.warnings.map((warning) => (
            <li key={warning} className="text-amber-800 dark:text-amber-300">
              {warning}
            </li>
          ))}
          {borrowed.map(([name, value]) => (
            <li key={name} className="text-slate-600 dark:text-slate-400">
              {locale} has no {name} yet: the {value.from} one is shown.
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
