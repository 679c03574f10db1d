import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SignedOutView } from '@/components/auth/signed-out';
import { getConfig } from '@/lib/env';

export const metadata: Metadata = { title: 'Signed out' };
export const dynamic = 'force-dynamic';

/** After sign-out, and where the provider's own sign-out sends the person back (AUTH_MODE=oidc). */
export default function SignedOutPage() {
  if (getConfig().auth.mode !== 'oidc') notFound();
  return <SignedOutView />;
}
