import 'server-only';
import { type StepPlan, hash } from '../plan-kit';
import { versionStepSchema } from './schema';
import { toVersionRequest } from './manifest-values';

/** Maps a field of the versions request body onto step 9's form. */
export function versionFormField(apiField: string): string {
  return apiField
    .replace(/^manifest\.accessManagement\.permissions/, 'permissions')
    .replace(/^manifest\.appCallbacks\.security\.authorizationHeader$/, 'authorizationHeader')
    .replace(/^manifest\./, '');
}

/** Step 9 sends one call: the version with its manifest (POST v1 versions). */
export const planVersion: StepPlan = (values, context) => {
  const parsed = versionStepSchema.safeParse(values);
  if (!parsed.success) return undefined;
  const body = toVersionRequest(parsed.data, context.authorizationHeader);
  return [
    {
      key: `version:${parsed.data.version}`,
      label: `version ${parsed.data.version}`,
      formField: versionFormField,
      fingerprint: hash(body),
      match: { version: parsed.data.version },
      send: (client, applicationId, ctx) => client.addVersion(applicationId, body, ctx),
    },
  ];
};
