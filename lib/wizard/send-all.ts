import 'server-only';
import { createHash } from 'node:crypto';
import type { BanqupClient } from '@/lib/banqup';
import type { Queryable } from '@/lib/db/db';
import type { Actor } from '@/lib/registration/repository';
import { stepTitle } from '@/lib/wizard/steps/meta';
import { consequencesOf, planDigest } from './holdings';
import { holdingsOf, loadWizard, sendRefusal, sendStep, type SendOutcome, type Wizard } from './service';
import { schemaContextOf } from '@/lib/wizard/steps/schema-context';
import { stepSchema, type FormStep } from '@/lib/wizard/steps';

/**
 * "Send everything": every step that is ready, at once, along the recipe's real dependencies.
 *
 * - Steps 2–9 need only the applicationId, so they go out side by side, each with at most
 *   BANQUP_CONCURRENCY of its calls in flight (as a single step's Send). The wizard's own rule is kept: the space
 *   segments (step 6) go after the space types (step 5) when both are sent, and not at all when
 *   the space types failed.
 * - The ledger's rules hold for each step (sendStep): nothing whose earlier send may have
 *   arrived is sent again, and a step that does more than add what is new needs a confirmation.
 *   Those confirmations are collected up front: one list for the whole send, confirmed by its
 *   digest; a plan that changed meanwhile needs a new look.
 * - A step that fails does not stop the others.
 */

export type StepReport = {
  step: number;
  title: string;
  outcome: 'sent' | 'nothing' | 'failed' | 'skipped';
  message: string;
};

export type SendAllResult = {
  ok: boolean;
  message: string;
  steps: StepReport[];
  /** Nothing was sent: these steps do more than add what is new; confirm by the digest. */
  confirm?: { digest: string; steps: { step: number; title: string; consequences: string[] }[] };
};


type Candidate = { step: FormStep; digest: string; consequences: string[] };

/** What Send everything would send now: the steps with something new, and the others' reasons. */
export async function planEverything(db: Queryable, wizard: Wizard): Promise<{ candidates: Candidate[]; reports: StepReport[] }> {
  const candidates: Candidate[] = [];
  const reports: StepReport[] = [];
  // The context of the steps' own sends, except the version order: a version Banqup already
  // holds is sent, not unready; sendStep refuses a lower one when there is something to send.
  const context = { ...schemaContextOf({ spaceTypesDraft: wizard.rows.get(5)?.draft, ledger: wizard.ledger }), lastSentVersion: undefined };
  for (let n = 2; n <= 9; n++) {
    const step = n as FormStep;
    const row = wizard.rows.get(step);
    if (!row?.draft) {
      reports.push({ step, title: stepTitle(step), outcome: 'skipped', message: 'Not filled in yet.' });
      continue;
    }
    // The same schema, with the same context, as the step's own Send.
    if (!stepSchema(step, context).safeParse(row.draft).success) {
      reports.push({ step, title: stepTitle(step), outcome: 'skipped', message: 'Not ready: open the step and fix the fields it marks.' });
      continue;
    }
    const { holdings } = await holdingsOf(db, wizard, step);
    if (holdings.toSend.length === 0) {
      reports.push(
        holdings.blocked.length
          ? { step, title: stepTitle(step), outcome: 'skipped', message: 'An earlier send may have arrived: check at Banqup on the step first.' }
          : { step, title: stepTitle(step), outcome: 'nothing', message: 'Banqup holds everything in it.' },
      );
      continue;
    }
    candidates.push({ step, digest: planDigest(step, holdings), consequences: consequencesOf(step, holdings) });
  }
  return { candidates, reports };
}

/** The digest of the confirmations of a whole send: every step's plan digest, in order. */
export function everythingDigest(candidates: readonly Candidate[]): string {
  const text = candidates
    .filter((candidate) => candidate.consequences.length > 0)
    .map((candidate) => `${candidate.step}:${candidate.digest}`)
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function report(step: number, outcome: SendOutcome): StepReport {
  if (outcome.ok) return { step, title: stepTitle(step), outcome: outcome.sent > 0 ? 'sent' : 'nothing', message: outcome.message };
  return { step, title: stepTitle(step), outcome: 'failed', message: outcome.message };
}

export async function sendEverything(
  db: Queryable,
  client: BanqupClient,
  registrationId: string,
  options: { confirm?: string; actor?: Actor; concurrency: number },
): Promise<SendAllResult> {
  const wizard = await loadWizard(db, registrationId);
  if (!wizard) return { ok: false, message: 'This registration does not exist (any more).', steps: [] };
  if (!wizard.registration.applicationId) return { ok: false, message: 'Enter the applicationId in step 1 first.', steps: [] };
  const refused = sendRefusal(wizard.registration);
  if (refused) return { ok: false, message: refused, steps: [] };
  const { candidates, reports } = await planEverything(db, wizard);
  if (candidates.length === 0) {
    return { ok: true, message: 'Nothing to send: every step that is ready is at Banqup already.', steps: reports.sort((a, b) => a.step - b.step) };
  }
  const needsConfirm = candidates.filter((candidate) => candidate.consequences.length > 0);
  const digest = everythingDigest(candidates);
  if (needsConfirm.length > 0 && options.confirm !== digest) {
    return {
      ok: false,
      message: 'Some steps do more than add what is new. Read what they do, then confirm: nothing was sent.',
      steps: reports,
      confirm: { digest, steps: needsConfirm.map((candidate) => ({ step: candidate.step, title: stepTitle(candidate.step), consequences: candidate.consequences })) },
    };
  }

  const sendOne = (candidate: Candidate) =>
    sendStep(db, client, wizard, candidate.step, { confirm: candidate.digest, actor: options.actor, concurrency: options.concurrency }).then((outcome) => report(candidate.step, outcome));
  const segments = candidates.find((candidate) => candidate.step === 6);
  const types = candidates.find((candidate) => candidate.step === 5);
  const independent = candidates.filter((candidate) => candidate !== segments);
  const sent = await Promise.all(
    independent.map(async (candidate) => {
      const result = await sendOne(candidate);
      return candidate === types && segments ? [result, await afterTypes(result)] : [result];
    }),
  );
  // Space segments with no space types being sent: on their own, like any other step.
  const lone = segments && !types ? [await sendOne(segments)] : [];
  async function afterTypes(typesReport: StepReport): Promise<StepReport> {
    if (!segments) throw new Error('unreachable');
    if (typesReport.outcome === 'failed') {
      return { step: 6, title: stepTitle(6), outcome: 'skipped', message: 'Waits for the space types (step 5), which were not all sent.' };
    }
    return sendOne(segments);
  }

  const steps = [...reports, ...sent.flat(), ...lone].sort((a, b) => a.step - b.step);
  const failed = steps.filter((item) => item.outcome === 'failed');
  const done = steps.filter((item) => item.outcome === 'sent');
  return {
    ok: failed.length === 0,
    message:
      failed.length === 0
        ? `Sent ${done.length} step${done.length === 1 ? '' : 's'} to Banqup.`
        : `${done.length} step${done.length === 1 ? '' : 's'} sent; ${failed.length} did not go through: ${failed.map((item) => item.title).join(', ')}. The others are not affected.`,
    steps,
  };
}
