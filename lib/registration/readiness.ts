/**
 * The readiness checklist: computed from the registration's data, each item linking to the
 * step that fixes it. Errors block the approval request; warnings do not. Plain module.
 */
import { segmentsForSpaceTypes, type SpaceSegment, type SpaceType } from '@/lib/banqup/schemas';
import { LISTING_LIMITS, localeWarnings } from '@/lib/wizard/listing-limits';
import { logoWarnings, mediaWarnings, type ImageWarning } from '@/lib/wizard/image-warnings';
import { compareSemver, highestVersion } from '@/lib/wizard/semver';
import type { AtBanqupView } from '@/lib/wizard/holdings';
import type { StepStatus } from '@/lib/wizard/status';
import { brandCountryWarning } from '@/lib/wizard/targeting';
import { STEPS } from '@/lib/wizard/steps/meta';
import { counted } from '@/lib/text';

export type ReadinessLevel = 'ok' | 'warning' | 'error';
export type ReadinessItem = { id: string; level: ReadinessLevel; label: string; detail?: string; step: number };

export type ReadinessInput = {
  mode: 'sandbox' | 'api';
  applicationId: string | null;
  statuses: StepStatus[];
  locales: { locale: string; displayName: string; shortDescription: string; description: string }[];
  logo: { width: number | null; height: number | null; contentType: string } | null;
  media: { width: number | null; height: number | null; contentType: string }[];
  spaceTypes: SpaceType[];
  spaceSegments: SpaceSegment[];
  brandName?: string;
  countries: string[];
  version?: string;
  /** Versions sent before the one in the draft (so excluding the draft's own, if sent). */
  previousVersions: string[];
  callbackUrls: string[];
  /** What Banqup holds per step (the ledger): outcome-unknown and left-over items are to resolve. */
  atBanqup?: AtBanqupView[];
};

const stepTitle = (n: number) => STEPS.find((s) => s.number === n)?.title ?? `Step ${n}`;

export function readiness(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);

  add(
    input.applicationId
      ? { id: 'application-id', level: 'ok', label: 'The draft app has its applicationId', step: 1 }
      : { id: 'application-id', level: 'error', label: 'No applicationId yet', detail: 'Ask Banqup Support for the draft app (step 1).', step: 1 },
  );

  for (const status of input.statuses.filter((s) => s.step >= 2 && s.step <= 9)) {
    const title = stepTitle(status.step);
    const id = `step-${status.step}-sent`;
    if (status.state === 'sent') add({ id, level: 'ok', label: `${title}: sent, and not changed since`, step: status.step });
    else if (status.state === 'changed') add({ id, level: 'error', label: `${title}: changed since it was sent`, detail: status.message ?? 'Send it again.', step: status.step });
    else if (status.state === 'sending') add({ id, level: 'error', label: `${title}: being sent`, detail: status.message ?? 'Wait for the send to end.', step: status.step });
    else if (status.state === 'failed') add({ id, level: 'error', label: `${title}: the last send failed`, detail: status.message, step: status.step });
    else if (status.state === 'unknown') add({ id, level: 'error', label: `${title}: the outcome of a send is unknown`, detail: status.message, step: status.step });
    else if (status.state === 'extra') add({ id, level: 'ok', label: `${title}: sent (Banqup also holds items no longer wanted)`, step: status.step });
    else add({ id, level: 'error', label: `${title}: not sent yet`, step: status.step });
  }

  add(
    input.locales.length > 0
      ? { id: 'locales', level: 'ok', label: `${counted(input.locales.length, 'language')}: ${input.locales.map((l) => l.locale).join(', ')}`, step: 2 }
      : { id: 'locales', level: 'error', label: 'No language yet', detail: 'Add at least one locale with its texts.', step: 2 },
  );
  for (const entry of input.locales) {
    for (const warning of localeWarnings(entry)) {
      add({ id: `length-${entry.locale}-${warning.field}`, level: 'warning', label: `${entry.locale}: ${warning.field} length`, detail: warning.message, step: 2 });
    }
  }

  const logoSent = input.statuses.find((s) => s.step === 3)?.state === 'sent';
  if (!input.logo) add({ id: 'logo', level: 'error', label: 'No logo', detail: 'Upload a logo.', step: 3 });
  else if (!logoSent) add({ id: 'logo', level: 'error', label: 'The logo is not sent', detail: 'Send step 3.', step: 3 });
  else add({ id: 'logo', level: 'ok', label: 'Logo sent', step: 3 });
  // The warnings the logo and media steps show under each file (lib/wizard/image-warnings.ts).
  const LOGO_LABELS: Partial<Record<ImageWarning['kind'], string>> = { square: 'The logo is not square', size: `The logo is smaller than ${LISTING_LIMITS.logo.minSide}×${LISTING_LIMITS.logo.minSide}` };
  for (const warning of input.logo ? logoWarnings(input.logo) : []) {
    add({ id: `logo-${warning.kind}`, level: 'warning', label: LOGO_LABELS[warning.kind] ?? warning.sentence, detail: warning.sentence, step: 3 });
  }

  if (input.media.length === 0) add({ id: 'media', level: 'error', label: 'No media', detail: 'Upload at least one screenshot.', step: 4 });
  else add({ id: 'media', level: 'ok', label: `${counted(input.media.length, 'media item')}`, step: 4 });
  if (input.media.length > 0 && input.media.length < LISTING_LIMITS.media.minCount) {
    add({ id: 'media-count', level: 'warning', label: `Fewer than ${LISTING_LIMITS.media.minCount} screenshots`, step: 4 });
  }
  const mediaWarned = (kind: ImageWarning['kind']) => input.media.filter((image) => mediaWarnings(image).some((warning) => warning.kind === kind)).length;
  const smallMedia = mediaWarned('size');
  if (smallMedia) {
    add({ id: 'media-size', level: 'warning', label: `${counted(smallMedia, 'screenshot')} smaller than ${LISTING_LIMITS.media.minWidth}×${LISTING_LIMITS.media.minHeight}`, detail: 'They may look blurry.', step: 4 });
  }
  const misshapen = mediaWarned('shape');
  if (misshapen) {
    add({ id: 'media-shape', level: 'warning', label: `${counted(misshapen, 'screenshot')} not 16:9 or 16:10`, detail: 'Those are the shapes the store shows; how it shows others is not documented, so check them in the store.', step: 4 });
  }

  const allowed = segmentsForSpaceTypes(input.spaceTypes);
  const invalidSegments = input.spaceSegments.filter((segment) => !allowed.includes(segment));
  add(
    invalidSegments.length
      ? { id: 'segments', level: 'error', label: 'Segments do not match the space types', detail: `${invalidSegments.join(', ')} ${invalidSegments.length > 1 ? 'are' : 'is'} not a segment of ${input.spaceTypes.join(' or ') || 'the chosen space types'}.`, step: 6 }
      : { id: 'segments', level: 'ok', label: 'Segments are valid for the space types', step: 6 },
  );

  const mismatch = brandCountryWarning(input.brandName, input.countries);
  add(mismatch ? { id: 'brand-countries', level: 'error', label: 'Brand and countries disagree', detail: mismatch, step: 8 } : { id: 'brand-countries', level: 'ok', label: 'Brand and countries agree', step: 8 });

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

  for (const view of input.atBanqup ?? []) {
    const title = stepTitle(view.step);
    // Open unknown outcomes are the step's own line above ("the outcome of a send is unknown").
    const resent = view.uncertain.filter((item) => item.resent);
    if (resent.length) {
      add({ id: `maybe-duplicate-${view.step}`, level: 'warning', label: `${title}: Banqup may hold ${resent.map((item) => item.label).join(', ')} twice`, detail: 'Sent again after an unknown outcome: ask Banqup Support to remove a duplicate.', step: view.step });
    }
    const leftovers = view.held.filter((item) => !item.wanted);
    if (leftovers.length) {
      add({ id: `leftover-${view.step}`, level: 'error', label: `${title}: Banqup holds ${counted(leftovers.length, 'item')} no longer wanted`, detail: `${leftovers.map((item) => item.label).join(', ')}: no API call can remove them; ask Banqup Support to remove them.`, step: view.step });
    }
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

export const isReady = (items: ReadinessItem[]) => items.every((item) => item.level !== 'error');
