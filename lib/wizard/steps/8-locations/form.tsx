'use client';

import { memo, useCallback, useMemo, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { COUNTRY_CODES, countryName } from '@/lib/banqup/countries';
import { brandCountryWarning } from '@/lib/wizard/targeting';
import type { LocationsStepValues } from './schema';
import { errorId, fieldId } from '@/components/wizard/field-ids';
import { inputClasses } from '@/components/wizard/fields';
import { StepFrame } from '@/components/wizard/step-frame';
import type { StepContext } from '@/components/wizard/step-context';
import { useStepForm } from '@/components/wizard/use-step-form';

export function LocationsForm({ values, context }: { values: LocationsStepValues; context: StepContext }) {
  const step = useStepForm({ registrationId: context.registrationId, step: 8, schemaContext: context.schema, initialValues: values, initialRevision: context.revision });
  const { control, setValue, formState } = step.form;
  const watched: string[] | undefined = useWatch({ control, name: 'countries' });
  const selected = useMemo(() => watched ?? [], [watched]);
  const [query, setQuery] = useState('');
  const countries = useMemo(
    () => COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name)),
    [],
  );
  const q = query.trim().toLowerCase();
  const matches = q ? countries.filter((c) => c.name.toLowerCase().includes(q) || c.code.toLowerCase() === q) : countries;
  const all = selected.includes('ALL');
  const { isSubmitted } = formState;
  const set = (next: string[]) => setValue('countries', next, { shouldDirty: true, shouldValidate: isSubmitted });
  const toggle = useCallback(
    (code: string, checked: boolean) =>
      setValue('countries', checked ? [...selected.filter((c) => c !== 'ALL' && c !== code), code] : selected.filter((c) => c !== code), {
        shouldDirty: true,
        shouldValidate: isSubmitted,
      }),
    [selected, setValue, isSubmitted],
  );
  const warning = brandCountryWarning(context.brandName, selected);
  const error = formState.errors.countries?.message ?? formState.errors.countries?.root?.message;

  return (
    <StepFrame
      title="Locations"
      intro={<p>The countries where your app is visible in the Banqup Store: all available locations, or a list. Each country is sent as its own call, with status ACTIVE.</p>}
      {...step.frame}
      canSend={!context.locked}
    >
      <fieldset aria-describedby={errorId('countries')} className="space-y-4">
        <legend className="text-sm font-medium">Countries</legend>
        <label className="flex items-center gap-3 rounded-lg border border-slate-200 bg-white p-4 has-[:checked]:border-brand-600 dark:border-slate-800 dark:bg-slate-900">
          <input type="checkbox" id={fieldId('countries')} aria-describedby={errorId('countries')} aria-invalid={error ? true : undefined} checked={all} onChange={(event) => set(event.target.checked ? ['ALL'] : [])} className="size-4" />
          <span>
            <span className="block font-medium">ALL: every available location</span>
            <span className="block text-sm text-slate-600 dark:text-slate-400">The app is visible wherever Banqup is.</span>
          </span>
        </label>

        {!all ? (
          <>
            <div>
              <label htmlFor="country-search" className="text-sm font-medium">
                Search countries
              </label>
              <input
                id="country-search"
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                placeholder="Belgium, FR, Nether…"
                className={inputClasses}
                aria-controls="country-options"
              />
            </div>
            <div id="country-options" role="group" aria-label="Countries" className="max-h-72 overflow-y-auto rounded-md border border-slate-200 bg-white p-2 dark:border-slate-800 dark:bg-slate-900">
              {matches.length === 0 ? <p className="p-2 text-sm text-slate-600">No country matches “{query}”.</p> : null}
              <CountryOptions countries={matches} selected={selected} onToggle={toggle} />
            </div>
          </>
        ) : null}

        <div aria-live="polite">
          <p className="text-sm font-medium">{all ? 'All available locations' : `${selected.length} selected`}</p>
          {!all && selected.length ? (
            <ul className="mt-2 flex flex-wrap gap-2">
              {selected.map((code) => (
                <li key={code} className="flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pl-3 pr-1 text-sm dark:bg-slate-800">
                  {countryName(code)} ({code})
                  <button type="button" onClick={() => toggle(code, false)} aria-label={`Remove ${countryName(code)}`} className="rounded-full px-1.5 hover:bg-slate-200 dark:hover:bg-slate-700">
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <p id={errorId('countries')} aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
          {error}
        </p>
        {warning ? (
          <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
            {warning} Check the brand in step 7.
          </p>
        ) : null}
      </fieldset>
    </StepFrame>
  );
}

/**
 * The ~250 countries' checkboxes, rendered again only when the list, the choice or the search
 * changes: not at every save, send or status change of the form around them.
 */
const CountryOptions = memo(function CountryOptions({
  countries,
  selected,
  onToggle,
}: {
  countries: { code: string; name: string }[];
  selected: string[];
  onToggle: (code: string, checked: boolean) => void;
}) {
  return countries.map((country) => (
    <label key={country.code} className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-slate-50 dark:hover:bg-slate-800">
      <input type="checkbox" checked={selected.includes(country.code)} onChange={(event) => onToggle(country.code, event.target.checked)} />
      <span>{country.name}</span>
      <span className="text-xs text-slate-500">{country.code}</span>
    </label>
  ));
});
