import 'server-only';
import { type StepPlan, hash } from '../plan-kit';
import { spaceTypesStepSchema } from './schema';

/** Step 5 sends one call per space type (POST v1 spaceTypes). */
export const planSpaceTypes: StepPlan = (values) => {
  const parsed = spaceTypesStepSchema.safeParse(values);
  if (!parsed.success) return undefined;
  return parsed.data.spaceTypes.map((spaceType) => ({
    key: `spaceType:${spaceType}`,
    label: spaceType,
    formField: () => 'spaceTypes',
    fingerprint: hash({ spaceType }),
    match: { spaceType },
    send: (client, applicationId, ctx) => client.addSpaceType(applicationId, { spaceType }, ctx),
  }));
};
