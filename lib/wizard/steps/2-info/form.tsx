'use client';

import { useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { LazyStorePreview } from '@/components/store-preview/lazy-store-preview';
import { Button } from '@/components/ui/button';
import { LISTING_LIMITS, localeWarnings } from '@/lib/wizard/listing-limits';
import type { InfoStepValues } from './schema';
import { CharCounter, FieldShell, TextArea, TextInput, inputClasses } from '@/components/wizard/fields';
import { StepFrame } from '@/components/wizard/step-frame';
import type { StepContext } from '@/components/wizard/step-context';
import { useStepForm } from '@/components/wizard/use-step-form';

export const COMMON_LOCALES = ['en-GB', 'fr-FR', 'fr-BE', 'nl-BE', 'nl-NL', 'de-DE', 'de-AT', 'es-ES', 'it-IT', 'pt-PT', 'pl-PL'] as const;

const languageName = (tag: string) => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
};

export function InfoForm({ values, context }: { values: InfoStepValues; context: StepContext }) {
  const step = useStepForm({ registrationId: context.registrationId, step: 2, schemaContext: context.schema, initialValues: values, initialRevision: context.revision });
  const { form } = step;
  const { register, control, watch, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'locales' });
  const locales = watch('locales');
  const [editing, setEditing] = useState(0);
  const [newLocale, setNewLocale] = useState('');
  const [newLocaleError, setNewLocaleError] = useState<string>();
  const used = new Set(locales.map((entry) => entry.locale.toLowerCase()));

  const addLocale = async (tag: string) => {
    // The schemas load with the form's validation (schema-resolver.ts), not with the page.
    const { localeSchema } = await import('@/lib/banqup/schemas');
    const parsed = localeSchema.safeParse(tag);
    if (!parsed.success) return setNewLocaleError(parsed.error.issues[0]?.message);
    if (used.has(parsed.data.toLowerCase())) return setNewLocaleError(`${parsed.data} is already in the list`);
    setNewLocaleError(undefined);
    setNewLocale('');
    append({ locale: parsed.data, displayName: '', shortDescription: '', description: '' });
    setEditing(fields.length);
  };

  return (
    <StepFrame
      title="App info and languages"
      intro={<p>One entry per language the store listing supports. Each is sent to Banqup as its own call.</p>}
      {...step.frame}
      canSend={!context.locked}
    >
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="space-y-6">
          {fields.map((field, index) => {
            const entry = locales[index];
            const e = formState.errors.locales?.[index];
            const warnings = entry ? localeWarnings(entry) : [];
            const warn = (name: string) => warnings.find((w) => w.field === name)?.message;
            const sent = context.sentItems.includes(`locale:${entry?.locale}`);
            // Each language's fields carry the language in their accessible name.
            const label = (text: string) => (
              <>
                {text}
                <span className="sr-only"> ({entry?.locale || `language ${index + 1}`})</span>
              </>
            );
            return (
              <fieldset
                key={field.id}
                onFocus={() => setEditing(index)}
                className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
              >
                <legend className="px-1 text-base font-semibold">
                  {entry?.locale || 'New language'} <span className="font-normal text-slate-600 dark:text-slate-400">{entry?.locale ? languageName(entry.locale) : ''}</span>
                </legend>
                <FieldShell name={`locales.${index}.locale`} label={label('Language tag (BCP 47)')} error={e?.locale?.message}>
                  <TextInput {...register(`locales.${index}.locale`)} error={e?.locale?.message} spellCheck={false} />
                </FieldShell>
                <FieldShell
                  name={`locales.${index}.displayName`}
                  label={label('Display name')}
                  error={e?.displayName?.message}
                  warning={warn('displayName')}
                  counter={<CharCounter length={entry?.displayName.length ?? 0} warnAbove={LISTING_LIMITS.displayName.warnAbove} />}
                >
                  <TextInput {...register(`locales.${index}.displayName`)} error={e?.displayName?.message} maxLength={LISTING_LIMITS.displayName.hardMax} />
                </FieldShell>
                <FieldShell
                  name={`locales.${index}.shortDescription`}
                  label={label('Short description')}
                  error={e?.shortDescription?.message}
                  warning={warn('shortDescription')}
                  counter={<CharCounter length={entry?.shortDescription.length ?? 0} warnAbove={LISTING_LIMITS.shortDescription.warnAbove} />}
                >
                  <TextInput {...register(`locales.${index}.shortDescription`)} error={e?.shortDescription?.message} />
                </FieldShell>
                <FieldShell
                  name={`locales.${index}.description`}
                  label={label('Description')}
                  error={e?.description?.message}
                  warning={warn('description')}
                  counter={<CharCounter length={entry?.description.length ?? 0} warnAbove={LISTING_LIMITS.description.warnAbove} />}
                >
                  <TextArea {...register(`locales.${index}.description`)} error={e?.description?.message} rows={6} />
                </FieldShell>
                <div className="flex items-center justify-between">
                  <span className="text-xs text-slate-600 dark:text-slate-400">{sent ? 'Sent to Banqup before.' : ''}</span>
                  <Button type="button" variant="secondary" onClick={() => remove(index)} disabled={fields.length === 1}>
                    Remove {entry?.locale || 'this language'}
                  </Button>
                </div>
                {sent ? (
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    Banqup keeps the {entry?.locale} texts sent before: the API has no call to change or remove them. Changed texts are added as a second{' '}
                    {entry?.locale} entry (Send asks you to confirm); removing the language here leaves it at Banqup. Ask Banqup Support.
                  </p>
                ) : null}
              </fieldset>
            );
          })}

          <section aria-labelledby="add-language" className="space-y-2">
            <h2 id="add-language" className="font-semibold">
              Add a language
            </h2>
            <div className="flex flex-wrap gap-2">
              {COMMON_LOCALES.filter((tag) => !used.has(tag.toLowerCase())).map((tag) => (
                <Button key={tag} type="button" variant="secondary" onClick={() => void addLocale(tag)} aria-label={`Add ${tag} (${languageName(tag)})`}>
                  + {tag}
                </Button>
              ))}
            </div>
            <div className="flex flex-wrap items-end gap-2">
              <div className="min-w-48 flex-1">
                <label htmlFor="new-locale" className="text-sm font-medium">
                  Other language tag
                </label>
                <input
                  id="new-locale"
                  value={newLocale}
                  onChange={(event) => setNewLocale(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      void addLocale(newLocale.trim());
                    }
                  }}
                  placeholder="e.g. lb-LU"
                  aria-describedby="new-locale-error"
                  aria-invalid={newLocaleError ? true : undefined}
                  className={inputClasses}
                />
              </div>
              <Button type="button" variant="secondary" onClick={() => void addLocale(newLocale.trim())}>
                Add
              </Button>
            </div>
            <p id="new-locale-error" aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
              {newLocaleError}
            </p>
          </section>
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <LazyStorePreview saved={context.preview} live={{ locales }} follow={locales[Math.min(editing, locales.length - 1)]?.locale} compact />
        </div>
      </div>
    </StepFrame>
  );
}
