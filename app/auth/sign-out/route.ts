import { signOut } from '@/lib/auth/oidc';

export const dynamic = 'force-dynamic';

/** AUTH_MODE=oidc: ends the session (POST only: a link or an image cannot sign anyone out). */
export const POST = (request: Request) => signOut(request);
