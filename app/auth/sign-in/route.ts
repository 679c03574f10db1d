import { signIn } from '@/lib/auth/oidc';

export const dynamic = 'force-dynamic';

/** AUTH_MODE=oidc: starts a sign-in at the provider (lib/auth/oidc.ts). */
export const GET = (request: Request) => signIn(request);
