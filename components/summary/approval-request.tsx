import type { RegistrationView } from '@/lib/registration/summary';
import { counted } from '@/lib/text';

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
  const sent = (step: number) => `sent ${iso(view.steps[step]?.sentAt)}`;
  lines.push(
    `- App info and languages: ${view.locales.map((l) => l.locale).join(', ') || '—'} (${sent(2)})`,
    `- Logo: ${view.logo?.fileName ?? '—'} (${sent(3)})`,
    `- Media: ${counted(view.media.length, 'image')} (${sent(4)})`,
    `- Space types: ${view.spaceTypes.join(', ') || '—'} (${sent(5)})`,
    `- Space segments: ${view.spaceSegments.join(', ') || '—'} (${sent(6)})`,
    `- Brand: ${view.brandName ?? '—'} (${sent(7)})`,
    `- Locations: ${view.countries.join(', ') || '—'} (${sent(8)})`,
    `- Version and manifest: ${view.sentVersions.join(', ') || '—'} (${sent(9)})`,
  );
  const approval = view.signOffs.find((signOff) => signOff.decision === 'approved' && !signOff.stale);
  if (approval) lines.push('', `Reviewed and approved internally by ${approval.reviewer} on ${iso(approval.createdAt.toISOString())}.`);
  lines.push('', 'Thank you.');
  return lines.join('\n');
}
