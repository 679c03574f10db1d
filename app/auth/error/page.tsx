import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SignInFailureView } from '@/components/auth/sign-in-failure';
import { safeReturnTo } from '@/lib/auth/cookies';
import { isSignInFailure, safeErrorCode } from '@/lib/auth/sign-in-failures';
import { getConfig } from '@/lib/env';

export const metadata: Metadata = { title: 'Sign-in failed' };
export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/** Where the sign-in callback sends a sign-in that did not finish (AUTH_MODE=oidc). */
export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<Search> }) {
  if (getConfig().auth.mode !== 'oidc') notFound();
  const search = await searchParams;
  const reason = one(search.reason);
  const returnTo = safeReturnTo(one(search.returnTo));
  const signInHref = returnTo === '/' ? '/auth/sign-in' : `/auth/sign-in?${new URLSearchParams({ returnTo })}`;
  return <SignInFailureView reason={isSignInFailure(reason) ? reason : 'invalid'} errorCode={safeErrorCode(one(search.error))} signInHref={signInHref} />;
}
