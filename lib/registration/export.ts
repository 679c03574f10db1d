import 'server-only';
import { getBanqupClient } from '@/lib/banqup';
import { getDb } from '@/lib/db';
import { getConfig, secretValues, type AppConfig } from '@/lib/env';
import { REDACTED, redactValue } from '@/lib/redact';
import { manifestJsonText, manifestJsonValue } from '@/lib/wizard/steps/9-version/manifest-values';
import { AUTHORIZATION_HEADER_SECRET } from '@/lib/wizard/steps/9-version/schema';
import { getSecret } from './repository';
import type { RegistrationView } from './summary';

/** Where the asset URLs of an export start, and why. */
export type AssetBase = { url: string; from: 'APP_URL' | 'request' };

/**
 * The address an export's asset URLs start with: APP_URL when it is set (the app's public
 * address: every export names the same one, whoever asks and through whichever host name),
 * else the origin the export was asked at. Without APP_URL the app knows no public address of
 * its own: its default, http://127.0.0.1:$PORT, is where it reaches itself, not where others do.
 */
export function assetBase(config: Pick<AppConfig, 'appUrl' | 'appUrlConfigured'>, request: Request): AssetBase {
  return config.appUrlConfigured ? { url: config.appUrl, from: 'APP_URL' } : { url: new URL(request.url).origin, from: 'request' };
}

type JsonField = 'dependencies' | 'clientConfigurations';

/**
 * Step 9 as the export carries it: dependencies and client configurations as the JSON values
 * the request to Banqup carries (lib/wizard/manifest-values.ts reads drafts of any version:
 * rows, or the JSON text of older drafts), null when there are none; what cannot be read as
 * JSON yet is kept, as saved, under `invalidJson`. The callback header is never there:
 * `appCallbacks.security` says that one is saved, masked, as the request would carry it.
 */
export function exportVersion(version: NonNullable<RegistrationView['version']>, authorizationHeader: RegistrationView['authorizationHeader']) {
  const invalidJson: Partial<Record<JsonField, string>> = {};
  const value = (field: JsonField): unknown => {
    const sent = manifestJsonValue(version[field], field);
    if (sent !== undefined) return sent;
    const text = manifestJsonText(version[field], field);
    if (text !== undefined) invalidJson[field] = text;
    return null;
  };
  return {
    ...version,
    dependencies: value('dependencies'),
    clientConfigurations: value('clientConfigurations'),
    appCallbacks: { ...version.appCallbacks, ...(authorizationHeader.saved ? { security: { authorizationHeader: REDACTED } } : {}) },
    ...(Object.keys(invalidJson).length ? { invalidJson } : {}),
  };
}

/**
 * The whole registration as one JSON document, for archives and other tools. Built from the
 * reviewer's view, which holds no secret; redacted once more by key, and by value against
 * `secrets` (in any encoding): the registration's callback header and the server's
 * credentials, should the journal or a message quote one (an answer Banqup gave). Asset URLs
 * are absolute, starting with `base` (see assetBase).
 */
export function exportDocument(view: RegistrationView, base: AssetBase, { readOnly = false, secrets = [] }: { readOnly?: boolean; secrets?: readonly string[] } = {}) {
  const { checklist, ready, approved, ...rest } = view;
  // A read-only reviewer gets no handle on the editable registration (its id).
  const registration = readOnly ? { ...view.registration, id: undefined } : view.registration;
  const url = (id: string) => `${base.url}/api/assets/${id}`;
  return redactValue(
    {
      format: 'banqup-store-wizard/registration@1',
      exportedAt: new Date().toISOString(),
      ...rest,
      registration,
      assetBase: base,
      logo: view.logo ? { ...view.logo, url: url(view.logo.id) } : null,
      media: view.media.map((item, index) => ({ ...item, displayOrder: index + 1, url: url(item.id) })),
      version: view.version ? exportVersion(view.version, view.authorizationHeader) : null,
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

export async function exportResponse(
  view: RegistrationView,
  request: Request,
  options: { readOnly?: boolean; secrets?: readonly string[]; config?: Pick<AppConfig, 'appUrl' | 'appUrlConfigured'> } = {},
): Promise<Response> {
  const base = assetBase(options.config ?? getConfig(), request);
  const fileName = `${view.registration.namespace || 'registration'}-banqup-registration.json`;
  const secrets = options.secrets ?? (await exportSecrets(view.registration.id));
  return new Response(JSON.stringify(exportDocument(view, base, { readOnly: options.readOnly, secrets }), null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}
