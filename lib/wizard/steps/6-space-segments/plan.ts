import 'server-only';
import { type StepPlan, hash } from '../plan-kit';
import { spaceSegmentsStepSchema } from './schema';

/** Step 6 sends one call per segment (POST v2 spaceSegments). */
export const planSpaceSegments: StepPlan = (values) => {
  const parsed = spaceSegmentsStepSchema.safeParse(values);
  if (!parsed.success) return undefined;
  return parsed.data.spaceSegments.map((spaceSegment) => ({
    key: `spaceSegment:${spaceSegment}`,
    label: spaceSegment,
    formField: () => 'spaceSegments',
    fingerprint: hash({ spaceSegment }),
    match: { spaceSegment },
    send: (client, applicationId, ctx) => client.addSpaceSegment(applicationId, { spaceSegment }, ctx),
  }));
};
