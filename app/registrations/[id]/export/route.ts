import { authorize } from '@/lib/auth/current';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { exportResponse } from '@/lib/registration/export';
import { loadRegistrationView } from '@/lib/registration/summary';
import { setRequestRegistration } from '@/lib/server/request-hook';

export const dynamic = 'force-dynamic';

/** The registration as one JSON document, without secrets. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await authorize('viewer', request.headers);
  if (!who.ok) return new Response(who.message, { status: who.status });
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) return new Response('Not Found', { status: 404 });
  setRequestRegistration(id);
  const view = await loadRegistrationView(await getDb(), id);
  return view ? exportResponse(view, request) : new Response('Not Found', { status: 404 });
}
