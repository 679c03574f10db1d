import 'server-only';
import { type StepPlan, hash } from '../plan-kit';
import { infoStepSchema } from './schema';

/** Step 2 sends the locales: one call per locale (POST v2 infoLocalizations). */
export const planInfo: StepPlan = (values) => {
  const parsed = infoStepSchema.safeParse(values);
  if (!parsed.success) return undefined;
  return parsed.data.locales.map((entry, index) => ({
    key: `locale:${entry.locale}`,
    label: entry.locale,
    formField: (field) => `locales.${index}.${field}`,
    fingerprint: hash(entry),
    match: { ...entry },
    send: (client, applicationId, ctx) => client.addInfoLocalization(applicationId, entry, ctx),
  }));
};
