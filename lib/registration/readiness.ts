/**
 * The readiness checklist: computed from the registration's data, each item linking to the
 * step that fixes it. Errors block the approval request; warnings do not. Plain module.
 * Each step's own checks are in its folder (lib/wizard/steps/<n>-<slug>/readiness.ts);
 * here are the ones about every step: whether it is sent, and what Banqup holds.
 */
import type { SpaceSegment, SpaceType } from '@/lib/banqup/schemas';
import type { AtBanqupView } from '@/lib/wizard/holdings';
import type { StepStatus } from '@/lib/wizard/status';
import { STEP_CHECKS } from '@/lib/wizard/steps/checks';
import { stepTitle } from '@/lib/wizard/steps/meta';
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

export function readiness(input: ReadinessInput): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const add = (item: ReadinessItem) => items.push(item);

  for (const item of STEP_CHECKS[1](input)) add(item);

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

  for (const step of [2, 3, 4, 5, 6, 7, 8, 9] as const) for (const item of STEP_CHECKS[step]?.(input) ?? []) add(item);

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


  return items;
}

export const isReady = (items: ReadinessItem[]) => items.every((item) => item.level !== 'error');
