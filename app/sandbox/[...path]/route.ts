import { getSandboxHandler } from '@/lib/sandbox';

export const dynamic = 'force-dynamic';

/** The built-in Banqup sandbox (lib/sandbox). It exists only in sandbox mode. */
async function handle(request: Request): Promise<Response> {
  const sandbox = getSandboxHandler();
  if (!sandbox) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
  const response = await sandbox(request);
  // NOTE: no-transform keeps Next.js from gzipping the answers (it compresses every route
  // handler's answer, however small): the wizard is the sandbox's client on this same server,
  // whose one thread would gzip each answer and, as the client, gunzip it again.
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store, no-transform');
  return response;
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE, handle as PATCH };
