import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { getAssetBytes } from '@/lib/registration/repository';

export const dynamic = 'force-dynamic';

/**
 * An uploaded image, for previews. Served with its sniffed type and a policy under which
 * nothing in it can run, even opened on its own (an SVG): no script, no loads, sandboxed.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ assetId: string }> }) {
  const { assetId } = await params;
  if (!uuidSchema.safeParse(assetId).success) return new Response('Not Found', { status: 404 });
  const asset = await getAssetBytes(await getDb(), assetId);
  if (!asset) return new Response('Not Found', { status: 404 });
  return new Response(asset.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': asset.contentType,
      'content-length': String(asset.bytes.byteLength),
      'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="${asset.fileName.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'private, max-age=31536000, immutable',
      'cross-origin-resource-policy': 'same-origin',
    },
  });
}
