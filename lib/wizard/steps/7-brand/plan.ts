import 'server-only';
import { type StepPlan, hash } from '../plan-kit';
import { brandStepSchema } from './schema';

/** Step 7 sends one call (POST v1 brands). */
export const planBrand: StepPlan = (values) => {
  const parsed = brandStepSchema.safeParse(values);
  if (!parsed.success) return undefined;
  const { brandName } = parsed.data;
  return [
    {
      key: 'brand',
      label: brandName,
      formField: () => 'brandName',
      fingerprint: hash({ brandName }),
      match: { brandName },
      send: (client, applicationId, ctx) => client.addBrand(applicationId, { brandName }, ctx),
    },
  ];
};
