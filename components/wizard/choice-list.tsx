'use client';

import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { errorId, fieldId } from './field-ids';

/**
 * A group of checkboxes (a list value) or radios (one value), each with the recipe's
 * explanation, and one error for the group; optionally one checkbox that excludes the others. Controlled, so a single checkbox still yields a list.
 */
export function ChoiceList<T extends FieldValues>({
  control,
  name,
  legend,
  type,
  options,
  exclusive,
}: {
  control: Control<T>;
  name: Path<T>;
  legend: string;
  type: 'checkbox' | 'radio';
  options: { value: string; label: string; description: string }[];
  /** A checkbox value that stands alone (e.g. ALL): ticking it clears the others, ticking another clears it. */
  exclusive?: string;
}) {
  const { field, fieldState } = useController({ control, name });
  const selected: string[] = type === 'checkbox' ? (Array.isArray(field.value) ? field.value : []) : [field.value as string];
  const error = fieldState.error?.message ?? (fieldState.error as { root?: { message?: string } } | undefined)?.root?.message;
  const toggle = (value: string, checked: boolean) => {
    if (type === 'radio') field.onChange(value);
    else if (checked && value === exclusive) field.onChange([value]);
    else field.onChange(checked ? [...selected.filter((v) => v !== value && v !== exclusive), value] : selected.filter((v) => v !== value));
  };
  return (
    <fieldset aria-describedby={errorId(name)} className="space-y-3">
      <legend className="text-sm font-medium">{legend}</legend>
      {options.map((option, index) => (
        <label
          key={option.value}
          className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 has-[:checked]:border-brand-600 has-[:checked]:ring-1 has-[:checked]:ring-brand-600 dark:border-slate-800 dark:bg-slate-900"
        >
          <input
            type={type}
            name={name}
            value={option.value}
            checked={selected.includes(option.value)}
            onChange={(event) => toggle(option.value, event.target.checked)}
            onBlur={field.onBlur}
            ref={index === 0 ? field.ref : undefined}
            id={index === 0 ? fieldId(name) : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={errorId(name)}
            className="mt-1 size-4"
          />
          <span>
            <span className="block font-medium">{option.label}</span>
            <span className="block text-sm text-slate-600 dark:text-slate-400">{option.description}</span>
          </span>
        </label>
      ))}
      <p id={errorId(name)} aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
        {error}
      </p>
    </fieldset>
  );
}
