import { getDb } from '@/lib/db';
import { exportResponse } from '@/lib/registration/export';
import { resolveReviewLink } from '@/lib/registration/review';
import { loadRegistrationView } from '@/lib/registration/summary';
import { setRequestRegistration } from '@/lib/server/request-hook';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const registrationId = await resolveReviewLink(db, token);
  setRequestRegistration(registrationId);
  const view = registrationId ? await loadRegistrationView(db, registrationId) : undefined;
  return view ? exportResponse(view, request, { readOnly: true }) : new Response('Not Found', { status: 404 });
}
