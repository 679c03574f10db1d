import { NAMESPACE_MAX_CHARS } from '@/lib/banqup/vocabulary';
import type { DraftAppStepValues } from './schema';

export type SupportFacts = Pick<DraftAppStepValues, 'name' | 'namespace' | 'identity' | 'ownerEntityId' | 'developerPortalAppId'>;

/** The request for Banqup Support, or what it still needs: never a half-filled request. */
export type SupportRequest = { ok: true; text: string } | { ok: false; missing: string[] };

/** The UUID shape step 1's schema accepts (zod's guid). */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const APP_NAME_MAX_CHARS = 100;

/**
 * What the request still needs, in step 1's own rules (draftAppStepSchema; a test keeps the two in
 * step): checked here without zod, since the request shows before the form first validates.
 */
export function supportRequestMissing(values: SupportFacts): string[] {
  const missing: string[] = [];
  const name = values.name.trim();
  const namespace = values.namespace.trim();
  if (name === '') missing.push('Enter the app name.');
  else if (name.length > APP_NAME_MAX_CHARS) missing.push(`Shorten the app name to at most ${APP_NAME_MAX_CHARS} characters (it has ${name.length}).`);
  if (namespace === '') missing.push('Enter the namespace.');
  else if (namespace.length > NAMESPACE_MAX_CHARS) missing.push(`Shorten the namespace to at most ${NAMESPACE_MAX_CHARS} characters (it has ${namespace.length}).`);
  else if (/\p{Cc}/u.test(namespace)) missing.push('Remove the line break or tab from the namespace.');
  if (values.identity === 'entity') {
    if (values.ownerEntityId === '') missing.push('Enter the ownerEntityId (legal entity id).');
    else if (!UUID.test(values.ownerEntityId)) missing.push('Correct the ownerEntityId: it must be a UUID (8-4-4-4-12 hexadecimal digits).');
  } else {
    if (values.developerPortalAppId === '') missing.push('Enter the Developer Portal app id.');
    else if (!UUID.test(values.developerPortalAppId)) missing.push('Correct the Developer Portal app id: it must be a UUID (8-4-4-4-12 hexadecimal digits).');
  }
  return missing;
}

/** The text for Banqup Support (recipe step 1), once every fact it carries is valid. */
export function supportRequest(values: SupportFacts): SupportRequest {
  const missing = supportRequestMissing(values);
  if (missing.length > 0) return { ok: false, missing };
  const owner =
    values.identity === 'entity'
      ? `- ownerEntityId (legal entity id): ${values.ownerEntityId}`
      : `- Developer Portal app id (we do not register the app in Banqup): ${values.developerPortalAppId}`;
  return {
    ok: true,
    text: [
      'Hello Banqup Support,',
      '',
      'Please create a draft app in the Banqup Store for us:',
      '',
      `- App name: ${values.name.trim()}`,
      `- Namespace: ${values.namespace.trim()}`,
      owner,
      '',
      'Please send us the applicationId of the draft app so that we can configure it.',
      '',
      'Thank you.',
    ].join('\n'),
  };
}
