'use client';

import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';
import { errorId, fieldId, hintId } from './field-ids';

export const inputClasses =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:outline-2 focus:outline-brand-600 aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';

/** Label, hint, the control, and its error message: announced, and tied to the control. */
export function FieldShell({
  name,
  label,
  hint,
  error,
  warning,
  counter,
  children,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  warning?: string;
  counter?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={fieldId(name)} className="text-sm font-medium">
          {label}
        </label>
        {counter}
      </div>
      {hint ? (
        <p id={hintId(name)} className="text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      {children}
      <p id={errorId(name)} aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
        {error}
      </p>
      {warning && !error ? <p className="text-sm text-amber-800 dark:text-amber-300">{warning}</p> : null}
    </div>
  );
}

/** The accessibility attributes that tie a control to its label, hint and error. */
export function controlProps(name: string, { error, hint }: { error?: string; hint?: boolean }) {
  return {
    id: fieldId(name),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [hint ? hintId(name) : null, errorId(name)].filter(Boolean).join(' '),
  } as const;
}

export function TextInput({ name, error, hint, ...props }: InputHTMLAttributes<HTMLInputElement> & { name: string; error?: string; hint?: boolean }) {
  return <input type="text" {...props} name={name} {...controlProps(name, { error, hint })} className={inputClasses} />;
}

export function TextArea({ name, error, hint, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string; error?: string; hint?: boolean }) {
  return <textarea rows={4} {...props} name={name} {...controlProps(name, { error, hint })} className={`${inputClasses} font-[inherit]`} />;
}

/** "12 / 30" that turns amber past the recommended length. */
export function CharCounter({ length, warnAbove, max }: { length: number; warnAbove?: number; max?: number }) {
  const over = warnAbove !== undefined && length > warnAbove;
  return (
    <span className={`text-xs tabular-nums ${over ? 'font-medium text-amber-700 dark:text-amber-300' : 'text-slate-500 dark:text-slate-400'}`}>
      {length}
      {warnAbove !== undefined ? ` / ${warnAbove} recommended` : max !== undefined ? ` / ${max}` : ''}
    </span>
  );
}
