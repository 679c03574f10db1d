import type { RegistrationView } from '@/lib/registration/summary';
import { STEPS } from '@/lib/registration/steps';

const iso = (value?: string) => (value ? new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z') : 'not sent');

/** The approval request for Banqup (recipe step 10): what was sent, and when. */
export function approvalRequestText(view: RegistrationView): string {
  const lines = [
    'Hello Banqup,',
    '',
    'Please review and approve our app for the Banqup Store.',
    '',
    `- applicationId: ${view.registration.applicationId ?? '<applicationId>'}`,
    `- App name: ${view.identity.name || view.registration.name}`,
    `- Namespace: ${view.identity.namespace || view.registration.namespace}`,
    `- Version: ${view.version?.version ?? '<version>'}`,
    '',
    'What we configured through the API:',
  ];
  for (const step of STEPS.filter((s) => s.number >= 2 && s.number <= 9)) {
    const record = view.steps[step.number];
    const items = record?.items.map((item) => item.key.replace(/^[a-zA-Z]+:/, '')).join(', ');
    lines.push(`- ${step.title}: ${items || '—'} (sent ${iso(record?.sentAt)})`);
  }
  const approval = view.signOffs.find((signOff) => signOff.decision === 'approved' && !signOff.stale);
  if (approval) lines.push('', `Reviewed and approved internally by ${approval.reviewer} on ${iso(approval.createdAt.toISOString())}.`);
  lines.push('', 'Thank you.');
  return lines.join('\n');
}
