import 'server-only';
import { headers } from 'next/headers';
import { getConfig } from '@/lib/env';
import { currentUser } from '@/lib/auth/current';

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

/** Who is acting: the signed-in person outside AUTH_MODE=none, else the name typed. */
export async function actorName(typed: string | undefined): Promise<{ name: string; verified: boolean } | undefined> {
  if (getConfig().auth.mode !== 'none') {
    const result = await currentUser();
    return result.ok ? { name: result.user.name, verified: true } : undefined;
  }
  const name = typed?.trim();
  return name ? { name: name.slice(0, 100), verified: false } : undefined;
}
