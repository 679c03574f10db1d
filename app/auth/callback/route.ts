import { callback } from '@/lib/auth/oidc';

export const dynamic = 'force-dynamic';

/** AUTH_MODE=oidc: where the provider sends the person back (lib/auth/oidc.ts). */
export const GET = (request: Request) => callback(request);
