import type { RegistrationView } from '@/lib/registration/summary';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/statuses';
import { Facts } from '@/components/summary/facts';

/** Step 1 in the summary: the facts of the draft app and its applicationId. */
export function DraftAppSummary({ view }: { view: RegistrationView }) {
  return (
    <Facts
      rows={[
        ['App name', view.identity.name || view.registration.name],
        ['Namespace', view.identity.namespace ? <code>{view.identity.namespace}</code> : ''],
        [
          view.identity.identity === 'portal' ? 'Developer Portal app id' : 'Owner entity (ownerEntityId)',
          (view.identity.identity === 'portal' ? view.identity.developerPortalAppId : view.identity.ownerEntityId) ? (
            <code key="owner">{view.identity.identity === 'portal' ? view.identity.developerPortalAppId : view.identity.ownerEntityId}</code>
          ) : (
            ''
          ),
        ],
        ['applicationId', view.registration.applicationId ? <code>{view.registration.applicationId}</code> : 'Not yet: ask Banqup Support'],
        ['Status', REGISTRATION_STATUS_LABELS[view.registration.status]],
      ]}
    />
  );
}
