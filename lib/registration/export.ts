import 'server-only';
import { getBanqupClient } from '@/lib/banqup';
import { getDb } from '@/lib/db';
import { secretValues } from '@/lib/env';
import { redactValue } from '@/lib/redact';
import { AUTHORIZATION_HEADER_SECRET } from '@/lib/wizard/service';
import { getSecret } from './repository';
import type { RegistrationView } from './summary';

/**
 * The whole registration as one JSON document, for archives and other tools. Built from the
 * reviewer's view, which holds no secret; redacted once more by key, and by value against
 * `secrets` (in any encoding): the registration's callback header and the server's
 * credentials, should the journal or a message quote one (an answer Banqup gave).
 */
export function exportDocument(view: RegistrationView, baseUrl: string, { readOnly = false, secrets = [] }: { readOnly?: boolean; secrets?: readonly string[] } = {}) {
  const { checklist, ready, approved, ...rest } = view;
  // A read-only reviewer gets no handle on the editable registration (its id).
  const registration = readOnly ? { ...view.registration, id: undefined } : view.registration;
  return redactValue(
    {
      format: 'banqup-store-wizard/registration@1',
      exportedAt: new Date().toISOString(),
      ...rest,
      registration,
      logo: view.logo ? { ...view.logo, url: `${baseUrl}/api/assets/${view.logo.id}` } : null,
      media: view.media.map((item, index) => ({ ...item, displayOrder: index + 1, url: `${baseUrl}/api/assets/${item.id}` })),
      readiness: { ready, approved, checklist },
    },
    secrets,
  );
}

/** What an export of this registration must not contain: its callback header, and the server's credentials. */
export async function exportSecrets(registrationId: string): Promise<string[]> {
  const secrets: string[] = [];
  const header = await getSecret(await getDb(), registrationId, AUTHORIZATION_HEADER_SECRET);
  if (header) secrets.push(header);
  try {
    secrets.push(...secretValues(), ...getBanqupClient().options.tokens.secrets());
  } catch {
    // Configuration not loadable: the page could not have been built either.
  }
  return secrets;
}

export async function exportResponse(view: RegistrationView, request: Request, options: { readOnly?: boolean; secrets?: readonly string[] } = {}): Promise<Response> {
  const origin = new URL(request.url).origin;
  const fileName = `${view.registration.namespace || 'registration'}-banqup-registration.json`;
  const secrets = options.secrets ?? (await exportSecrets(view.registration.id));
  return new Response(JSON.stringify(exportDocument(view, origin, { readOnly: options.readOnly, secrets }), null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}
