import type { ReadinessInput, ReadinessItem } from '@/lib/registration/readiness';
import { compareSemver, highestVersion } from '@/lib/wizard/semver';

/** Step 9's readiness: https callbacks (outside the sandbox), and a version above every one sent. */
export function versionChecks(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);
  const insecure = input.callbackUrls.filter((url) => url.startsWith('http://'));
  if (insecure.length) {
    add({
      id: 'https',
      level: input.mode === 'sandbox' ? 'warning' : 'error',
      label: 'Callback URLs must use https',
      detail: `${insecure.join(', ')}${input.mode === 'sandbox' ? ' (accepted in sandbox mode only)' : ''}`,
      step: 9,
    });
  } else if (input.callbackUrls.length) {
    add({ id: 'https', level: 'ok', label: 'Callback URLs use https', step: 9 });
  }

  const previous = highestVersion(input.previousVersions);
  if (!input.version) add({ id: 'version', level: 'error', label: 'No version yet', step: 9 });
  else if (previous && safeCompare(input.version, previous) <= 0) {
    add({ id: 'version', level: 'error', label: `Version ${input.version} is not greater than ${previous}`, detail: 'Give the new version a higher number.', step: 9 });
  } else add({ id: 'version', level: 'ok', label: previous ? `Version ${input.version} follows ${previous}` : `Version ${input.version}`, step: 9 });
  return items;
}

function safeCompare(a: string, b: string): number {
  try {
    return compareSemver(a, b);
  } catch {
    return -1;
  }
}
