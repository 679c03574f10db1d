import type { DraftStepValues } from '@/lib/wizard/step-schemas';

/** The text for Banqup Support (recipe step 1), from what the developer filled in. */
export function supportRequestText(values: Pick<DraftStepValues, 'name' | 'namespace' | 'identity' | 'ownerEntityId' | 'developerPortalAppId'>): string {
  const owner =
    values.identity === 'entity'
      ? `- ownerEntityId (legal entity id): ${values.ownerEntityId || '<ownerEntityId>'}`
      : `- Developer Portal app id (we do not register the app in Banqup): ${values.developerPortalAppId || '<app id>'}`;
  return [
    'Hello Banqup Support,',
    '',
    'Please create a draft app in the Banqup Store for us:',
    '',
    `- App name: ${values.name || '<app name>'}`,
    `- Namespace: ${values.namespace || '<namespace>'}`,
    owner,
    '',
    'Please send us the applicationId of the draft app so that we can configure it.',
    '',
    'Thank you.',
  ].join('\n');
}
