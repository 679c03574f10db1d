import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { log } from '@/lib/log';
import { ARCHIVED_MESSAGE, assetView, getRegistration, insertAsset } from '@/lib/registration/repository';
import { inspectImage, UPLOAD_LIMITS, type UploadKind } from '@/lib/uploads/inspect';
import { readCapped } from '@/lib/bytes';
import { sameOriginRequest } from '@/lib/uploads/request';
import { getConfig } from '@/lib/env';
import { misdirectedRequest } from '@/lib/hosts';
import { checkQuota, takeUploadSlot } from '@/lib/registration/storage';
import { authorize } from '@/lib/auth/current';
import { setRequestRegistration } from '@/lib/server/request-hook';

export const dynamic = 'force-dynamic';

const EXTENSIONS = { 'image/svg+xml': 'svg', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' } as const;

/** The file's name as the browser sent it (percent-encoded); a malformed one is simply dropped. */
function decodeFileName(header: string | null): string {
  let name = '';
  try {
    name = decodeURIComponent(header ?? '');
  } catch {
    // not valid percent-encoding: fall back to a name of our own
  }
  return name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
}

/**
 * Who is uploading, for the rate limit: the address Next.js appended last to X-Forwarded-For
 * (the connection's own; earlier entries come from the client and could be anything).
 */
function clientOf(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || 'unknown';
}

const problem = (status: number, message: string) => Response.json({ ok: false, message }, { status });

/**
 * Receives one file of a registration (logo or media) as the raw request body, so the
 * browser can report upload progress. Checked before it is stored: size first (from the
 * Content-Length, then while reading), type by content, SVG sanitised, dimensions.
 * Nothing here calls Banqup: the file is sent with the step.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  // proxy.ts leaves this route alone (see its matcher): the host check is made here.
  const misdirected = misdirectedRequest(request.headers);
  if (misdirected) return misdirected;
  if (!sameOriginRequest(request)) return problem(403, 'Uploads are accepted only from this app’s own pages.');
  // proxy.ts's identity gate does not see this route either: the editor check is made here.
  const who = await authorize('editor', request.headers);
  if (!who.ok) return problem(who.status, who.message);
  const { id } = await params;
  const kind = new URL(request.url).searchParams.get('kind');
  if (!uuidSchema.safeParse(id).success) return problem(404, 'Unknown registration.');
  setRequestRegistration(id);
  if (kind !== 'logo' && kind !== 'media') return problem(400, 'kind must be logo or media.');
  const limit = UPLOAD_LIMITS[kind as UploadKind];
  const { uploadsPerMinute, storageQuotaBytes } = getConfig();
  const db = await getDb();
  // Per client and per registration, counted in the database (shared by every replica): the
  // client's address comes from X-Forwarded-For, which a client can set itself when no proxy is
  // in front; the registration's bucket it cannot dodge.
  const slot = await takeUploadSlot(db, { client: clientOf(request), registrationId: id }, uploadsPerMinute);
  if (!slot.ok) {
    const seconds = Math.ceil(slot.retryAfterMs / 1000);
    return Response.json(
      { ok: false, message: `Too many uploads from here: at most ${uploadsPerMinute} a minute. Try again in ${seconds} s.` },
      { status: 429, headers: { 'retry-after': String(seconds) } },
    );
  }

  const body = await readCapped(request, limit);
  if (!body) return problem(413, `The file is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB.`);
  const inspected = await inspectImage(body, kind);
  if (!inspected.ok) return problem(inspected.status, inspected.message);

  const registration = await getRegistration(db, id);
  if (!registration) return problem(404, 'Unknown registration.');
  if (registration.archivedAt) return problem(409, ARCHIVED_MESSAGE);
  const quota = await checkQuota(db, id, inspected.image.bytes.byteLength, storageQuotaBytes);
  if (!quota.ok) return problem(413, quota.message);
  // The stored name ends with the extension of the type found in the content, whatever the
  // uploader called it: a PNG named page.html is kept as page.png.
  const extension = EXTENSIONS[inspected.image.contentType];
  const stem = decodeFileName(request.headers.get('x-file-name')).replace(/\.[^.]*$/, '') || kind;
  const fileName = `${stem}.${extension}`;
  const asset = await insertAsset(db, {
    registrationId: id,
    kind,
    fileName,
    contentType: inspected.image.contentType,
    byteSize: inspected.image.bytes.byteLength,
    width: inspected.image.width,
    height: inspected.image.height,
    sha256: inspected.image.sha256,
    bytes: inspected.image.bytes,
  });
  log.info('asset stored', { registrationId: id, kind, assetId: asset.id, bytes: asset.byteSize, type: asset.contentType });
  return Response.json(
    {
      ok: true,
      asset: assetView(asset),
      removed: inspected.image.removed,
    },
    { status: 201 },
  );
}
