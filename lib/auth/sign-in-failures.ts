/**
 * Why a sign-in did not finish, as the callback names it in its redirect to /auth/error and
 * as the page says it. Only these texts are shown: the address of the error page can be
 * written by anyone, so it carries a code, never a message.
 */
export const SIGN_IN_FAILURES = {
  provider: {
    title: 'The sign-in provider did not sign you in',
    text: 'The provider answered with an error instead of a sign-in: you may have cancelled, or you may not be allowed to use this application there.',
  },
  expired: {
    title: 'This sign-in has expired',
    text: 'A sign-in must be finished within 10 minutes of leaving the wizard, and each one can be used only once (going back to the provider’s page and submitting it again does not work).',
  },
  'other-browser': {
    title: 'This sign-in was started somewhere else',
    text: 'The answer from the provider belongs to a sign-in that this browser did not start (or its cookies were cleared in between). For your safety it was not used.',
  },
  invalid: {
    title: 'The provider’s answer was incomplete',
    text: 'The address the provider sent you back to lacks the sign-in’s code or state.',
  },
  rejected: {
    title: 'The provider’s answer did not check out',
    text: 'The wizard could not exchange the sign-in code, or the identity token failed its checks (issuer, audience, signature, expiry or nonce). The server log has the details.',
  },
  identity: {
    title: 'The provider did not say who you are',
    text: 'The sign-in succeeded, but the wizard could not read your identity from it. The server log has the details.',
  },
  unavailable: {
    title: 'The sign-in provider could not be reached',
    text: 'The wizard could not read the provider’s configuration (OIDC_ISSUER). It may be down, or the address may be wrong. The server log has the details.',
  },
} as const;

export type SignInFailure = keyof typeof SIGN_IN_FAILURES;

export const isSignInFailure = (value: string | undefined): value is SignInFailure => value !== undefined && Object.hasOwn(SIGN_IN_FAILURES, value);

/** An OAuth error code as it may be shown (RFC 6749 codes are ASCII words with underscores). */
export const safeErrorCode = (value: string | null | undefined): string | undefined => (value && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : undefined);
