'use client';

import { useFormStatus } from 'react-dom';
import { Button } from './button';

/** A form's submit button that shows it is working while the server action runs. */
export function SubmitButton({
  children,
  pendingLabel,
  variant,
  'aria-label': ariaLabel,
}: {
  children: React.ReactNode;
  pendingLabel: string;
  variant?: 'primary' | 'secondary';
  /** The button's name where its text alone is ambiguous (one per row of a list). */
  'aria-label'?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending} aria-label={ariaLabel}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
