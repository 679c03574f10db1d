import { createHash } from 'node:crypto';
import type { RegistrationStatus } from '@/lib/registration/statuses';
import type { RegistrationView } from './summary';

/**
 * Step 10: recording Banqup's decision by hand (submitted, approved by Banqup, published).
 * What is not ready is named before anyone records a status: blockers (checklist errors, no
 * fresh approval) refuse the change unless the person overrides them with a written reason,
 * and warnings are shown. The confirmation carries a digest of the list the person saw: a list
 * that changed meanwhile needs a new look.
 */

/** Which status may follow which (or back to in progress). */
export const NEXT_STATUS: Record<RegistrationStatus, RegistrationStatus[]> = {
  in_progress: ['in_review'],
  in_review: ['submitted', 'in_progress'],
  submitted: ['approved', 'in_progress'],
  approved: ['published'],
  published: [],
};

/** Statuses that record what Banqup was asked or decided: they take the status role. */
export const DECISION_STATUSES: ReadonlySet<RegistrationStatus> = new Set(['submitted', 'approved', 'published']);

export type NotReadyItem = { id: string; level: 'blocker' | 'warning'; label: string };

/** What is not ready for Banqup, blockers first. */
export function notReady(view: Pick<RegistrationView, 'checklist' | 'signOffs'>): NotReadyItem[] {
  const items: NotReadyItem[] = [];
  const latest = view.signOffs[0];
  if (!latest) items.push({ id: 'sign-off:none', level: 'blocker', label: 'No reviewer has signed off.' });
  else if (latest.decision !== 'approved') items.push({ id: 'sign-off:changes', level: 'blocker', label: `The latest sign-off requests changes (${latest.reviewer}).` });
  else if (latest.stale) items.push({ id: 'sign-off:stale', level: 'blocker', label: `The approval by ${latest.reviewer} is stale: the registration changed after it.` });
  for (const item of view.checklist) {
    if (item.level === 'error') items.push({ id: `check:${item.id}`, level: 'blocker', label: item.detail ? `${item.label}: ${item.detail}` : item.label });
  }
  for (const item of view.checklist) {
    if (item.level === 'warning') items.push({ id: `check:${item.id}`, level: 'warning', label: item.detail ? `${item.label}: ${item.detail}` : item.label });
  }
  return items;
}

/** A short digest of the list shown: the confirmation must name the list as it is now. */
export function notReadyDigest(items: readonly NotReadyItem[], status: RegistrationStatus): string {
  const text = `${status}\n${items.map((item) => `${item.level}:${item.id}:${item.label}`).join('\n')}`;
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The override's written reason: long enough to mean something. */
export const MIN_OVERRIDE_REASON = 10;

export type DecisionCheck =
  | { ok: true; note: string }
  | { ok: false; message: string; notReady?: NotReadyItem[]; digest?: string };

/** Whether a status may be recorded now, given what the person confirmed; the history note. */
export function checkDecision(
  current: RegistrationStatus,
  next: RegistrationStatus,
  items: NotReadyItem[],
  given: { digest?: string; override?: string; note?: string },
): DecisionCheck {
  if (!NEXT_STATUS[current].includes(next)) {
    return { ok: false, message: `A registration ${current.replace('_', ' ')} cannot become ${next.replace('_', ' ')}.` };
  }
  const digest = notReadyDigest(items, next);
  if (!DECISION_STATUSES.has(next)) return { ok: true, note: given.note ?? '' };
  if (given.digest !== digest) {
    return { ok: false, message: 'Confirm first: check what is not ready, then record the status.', notReady: items, digest };
  }
  const blockers = items.filter((item) => item.level === 'blocker');
  const reason = given.override?.trim() ?? '';
  if (blockers.length > 0 && reason.length < MIN_OVERRIDE_REASON) {
    return {
      ok: false,
      message: `Not ready: ${blockers.map((item) => item.label).join(' ')} Recording it anyway takes a written reason (at least ${MIN_OVERRIDE_REASON} characters), kept in the history.`,
      notReady: items,
      digest,
    };
  }
  const parts = [given.note?.trim() ?? ''];
  if (blockers.length > 0) parts.push(`Recorded despite: ${blockers.map((item) => item.label).join(' ')} Reason: ${reason}`);
  const warnings = items.filter((item) => item.level === 'warning');
  if (warnings.length > 0) parts.push(`Warnings seen: ${warnings.map((item) => item.label).join(' ')}`);
  return { ok: true, note: parts.filter(Boolean).join(' — ') };
}
