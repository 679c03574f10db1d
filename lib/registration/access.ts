import 'server-only';
import { headers } from 'next/headers';

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
