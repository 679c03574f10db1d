import 'server-only';
import { compareSemver } from '@/lib/wizard/semver';
import { type SendCheck, type StepPlan, hash } from '../plan-kit';
import { versionStepSchema } from './schema';
import { toVersionRequest } from './manifest-values';
import { lastSentVersion } from './versions';

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
      conflictMeansArrived: true,
    },
  ];
};

/**
 * Before the version goes out: it must exceed the highest version Banqup holds, which may have
 * changed since the form checked it (another tab, a colleague).
 */
export const versionAboveLastSent: SendCheck = (values, ledger) => {
  const parsed = versionStepSchema.safeParse(values);
  const previous = lastSentVersion(ledger);
  if (!parsed.success || !previous || compareSemver(parsed.data.version, previous) > 0) return undefined;
  return { message: `Version ${previous} was already sent: give this one a higher version.`, fieldErrors: { version: [`Must be greater than ${previous}, the last version sent`] } };
};
