/** Step 1: the facts for Banqup Support, then the applicationId Support sends back. */
import * as z from 'zod/mini';
import { namespaceSchema, supportDraftFieldsSchema, uuidSchema } from '@/lib/banqup/schemas';
import { optionalText } from '../fields';

export const draftAppStepSchema = z
  .object({
    name: supportDraftFieldsSchema.shape.name,
    namespace: namespaceSchema,
    identity: z.enum(['entity', 'portal']),
    ownerEntityId: optionalText(uuidSchema),
    developerPortalAppId: optionalText(uuidSchema),
    applicationId: optionalText(uuidSchema),
  })
  .check(
    z.superRefine((values, ctx) => {
      if (values.identity === 'entity' && values.ownerEntityId === '') {
        ctx.addIssue({ code: 'custom', path: ['ownerEntityId'], message: 'Enter your ownerEntityId (the legal entity id)' });
      }
      if (values.identity === 'portal' && values.developerPortalAppId === '') {
        ctx.addIssue({ code: 'custom', path: ['developerPortalAppId'], message: 'Enter the app id from the Developer Portal' });
      }
    }),
  );
export type DraftAppStepValues = z.infer<typeof draftAppStepSchema>;
export const draftAppStepDefaults: DraftAppStepValues = {
  name: '',
  namespace: '',
  identity: 'entity',
  ownerEntityId: '',
  developerPortalAppId: '',
  applicationId: '',
};
