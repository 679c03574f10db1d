import { getSandboxHandler } from '@/lib/sandbox';

export const dynamic = 'force-dynamic';

/** The built-in Banqup sandbox (lib/sandbox). It exists only in sandbox mode. */
async function handle(request: Request): Promise<Response> {
  const sandbox = getSandboxHandler();
  if (!sandbox) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
  return sandbox(request);
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE, handle as PATCH };
