import { authorize } from '@/lib/auth/current';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { setRequestRegistration } from '@/lib/server/request-hook';
import { loadWizard, wizardStatus } from '@/lib/wizard/service';

export const dynamic = 'force-dynamic';

const noStore = { 'cache-control': 'no-store' };

/**
 * The step list's and the At Banqup panels' data (what the getWizardStatus action answers), as
 * a GET: Send everything reads its progress here while its own action runs. NOTE: a page's
 * server actions run one after another, so an action asked for the progress would only be
 * answered once the send is over.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await authorize('viewer', request.headers);
  if (!who.ok) return Response.json({ message: who.message }, { status: who.status, headers: noStore });
  const id = uuidSchema.safeParse((await params).id);
  if (!id.success) return Response.json({ message: 'Not found' }, { status: 404, headers: noStore });
  setRequestRegistration(id.data);
  const db = await getDb();
  const wizard = await loadWizard(db, id.data);
  if (!wizard) return Response.json({ message: 'Not found' }, { status: 404, headers: noStore });
  return Response.json(await wizardStatus(db, wizard), { headers: noStore });
}
