'use client';

import { useFieldArray, type UseFormReturn } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { PROPERTY_TYPES, PROPERTY_TYPE_LABELS, type PropertyRow, type PropertyType } from './manifest-values';
import type { VersionStepValues } from './schema';
import { controlProps, FieldShell, TextInput, inputClasses } from '@/components/wizard/fields';

type Form = UseFormReturn<VersionStepValues>;
/** Where a list of property rows lives in step 9's form. */
type RowsPath = 'clientConfigurations' | `dependencies.${number}.properties`;
export type RowErrors = { key?: { message?: string }; type?: { message?: string }; value?: { message?: string } } | undefined;

/** A value as the new type reads it: what can be kept is kept. */
function convertValue(value: string, to: PropertyType): string {
  switch (to) {
    case 'boolean':
      return value === 'false' ? 'false' : 'true';
    case 'null':
      return '';
    case 'json':
      try {
        JSON.parse(value);
        return value;
      } catch {
        return value === '' ? '{}' : JSON.stringify(value);
      }
    default:
      return value;
  }
}

/** A JSON value written out two spaces deep; text that is not JSON (yet) stays as typed. */
function formatJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * The properties of one JSON object as rows: key, type, value, each checked by the step's schema
 * (a number, true or false, valid JSON...) and removable. `of` names the object in each label
 * ("dependency 2", "client configuration") for screen readers and the error summary.
 */
export function PropertyRowsEditor({
  form,
  name,
  of,
  errors,
  addLabel,
  newRow = { key: '', type: 'text', value: '' },
}: {
  form: Form;
  name: RowsPath;
  of: string;
  errors: RowErrors[] | undefined;
  addLabel: string;
  newRow?: PropertyRow;
}) {
  const { control, register, watch, setValue, getValues } = form;
  const rows = useFieldArray({ control, name });
  const current = watch(name) ?? [];
  return (
    <div className="space-y-3">
      {rows.fields.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">None.</p> : null}
      {rows.fields.map((field, index) => {
        const path = `${name}.${index}` as const;
        const type = current[index]?.type ?? 'text';
        const error = errors?.[index];
        const label = (what: string) => (
          <>
            {what} {index + 1}
            <span className="sr-only"> ({of})</span>
          </>
        );
        return (
          <div key={field.id} className="grid items-start gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,10rem)_minmax(0,1.5fr)_auto] dark:border-slate-800">
            <FieldShell name={`${path}.key`} label={label('Key')} error={error?.key?.message}>
              <TextInput {...register(`${path}.key`)} error={error?.key?.message} autoComplete="off" spellCheck={false} />
            </FieldShell>
            <FieldShell name={`${path}.type`} label={label('Type')} error={error?.type?.message}>
              <select
                {...register(`${path}.type`, {
                  onChange: (event: React.ChangeEvent<HTMLSelectElement>) =>
                    setValue(`${path}.value`, convertValue(getValues(`${path}.value`), event.target.value as PropertyType), { shouldDirty: true }),
                })}
                {...controlProps(`${path}.type`, { error: error?.type?.message })}
                className={inputClasses}
              >
                {PROPERTY_TYPES.map((option) => (
                  <option key={option} value={option}>
                    {PROPERTY_TYPE_LABELS[option]}
                  </option>
                ))}
              </select>
            </FieldShell>
            {type === 'null' ? (
              <div className="space-y-1">
                <p className="text-sm font-medium">
                  {label('Value')}
                </p>
                <p className="py-2 font-mono text-sm text-slate-600 dark:text-slate-400">null</p>
              </div>
            ) : (
              <FieldShell name={`${path}.value`} label={label('Value')} error={error?.value?.message}>
                {type === 'boolean' ? (
                  <select {...register(`${path}.value`)} {...controlProps(`${path}.value`, { error: error?.value?.message })} className={inputClasses}>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : type === 'json' ? (
                  <textarea
                    {...register(`${path}.value`, { onBlur: () => setValue(`${path}.value`, formatJson(getValues(`${path}.value`)), { shouldDirty: true }) })}
                    {...controlProps(`${path}.value`, { error: error?.value?.message })}
                    rows={Math.min(12, Math.max(3, (current[index]?.value ?? '').split('\n').length))}
                    spellCheck={false}
                    className={`${inputClasses} font-mono text-xs`}
                  />
                ) : (
                  <TextInput
                    {...register(`${path}.value`)}
                    error={error?.value?.message}
                    inputMode={type === 'number' ? 'decimal' : undefined}
                    autoComplete="off"
                    spellCheck={false}
                  />
                )}
              </FieldShell>
            )}
            <Button type="button" variant="secondary" className="sm:mt-6" onClick={() => rows.remove(index)}>
              Remove<span className="sr-only"> property {index + 1} ({of})</span>
            </Button>
          </div>
        );
      })}
      <Button type="button" variant="secondary" onClick={() => rows.append({ ...newRow })}>
        {addLabel}
      </Button>
    </div>
  );
}

/** The dependencies: one JSON object each, usually just the namespace of the app depended on. */
export function DependenciesEditor({ form }: { form: Form }) {
  const dependencies = useFieldArray({ control: form.control, name: 'dependencies' });
  const errors = form.formState.errors.dependencies;
  return (
    <div className="space-y-3">
      {dependencies.fields.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No dependencies.</p> : null}
      {dependencies.fields.map((field, index) => {
        const listError = errors?.[index]?.properties?.root?.message ?? errors?.[index]?.properties?.message;
        return (
          <fieldset key={field.id} className="space-y-2 rounded-md border border-slate-300 p-3 dark:border-slate-700">
            <legend className="px-1 text-sm font-medium">Dependency {index + 1}</legend>
            <PropertyRowsEditor
              form={form}
              name={`dependencies.${index}.properties`}
              of={`dependency ${index + 1}`}
              errors={errors?.[index]?.properties as RowErrors[] | undefined}
              addLabel="+ Add a property"
            />
            <p id={`field-dependencies-${index}-properties-error`} aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
              {listError}
            </p>
            <Button type="button" variant="secondary" onClick={() => dependencies.remove(index)}>
              Remove dependency {index + 1}
            </Button>
          </fieldset>
        );
      })}
      <Button type="button" variant="secondary" onClick={() => dependencies.append({ properties: [{ key: 'namespace', type: 'text', value: '' }] })}>
        + Add a dependency
      </Button>
    </div>
  );
}
