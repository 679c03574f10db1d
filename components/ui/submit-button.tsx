'use client';

import { useFormStatus } from 'react-dom';
import { Button } from './button';

/** A form's submit button that shows it is working while the server action runs. */
export function SubmitButton({ children, pendingLabel, variant }: { children: React.ReactNode; pendingLabel: string; variant?: 'primary' | 'secondary' }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
