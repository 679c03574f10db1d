import 'server-only';
import { headers } from 'next/headers';
import { getConfig } from '@/lib/env';

/**
 * Server actions are posted to the page they are called from. A write coming from a
 * read-only review page (/review/...) is refused, whatever action it names.
 */
export function isReviewLinkPath(referer: string | null): boolean {
  if (!referer) return false;
  try {
    return new URL(referer, 'http://localhost').pathname.startsWith('/review/');
  } catch {
    return false;
  }
}

export async function refusedAsReadOnly(): Promise<boolean> {
  return isReviewLinkPath((await headers()).get('referer'));
}

/** Who is acting: the trusted proxy's user header when configured, else the name typed. */
export async function actorName(typed: string | undefined): Promise<{ name: string; verified: boolean } | undefined> {
  const header = getConfig().trustedUserHeader;
  if (header) {
    const value = (await headers()).get(header)?.trim();
    if (value) return { name: value.slice(0, 200), verified: true };
  }
  const name = typed?.trim();
  return name ? { name: name.slice(0, 100), verified: false } : undefined;
}
