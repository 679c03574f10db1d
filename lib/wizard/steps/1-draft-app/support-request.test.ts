import { describe, expect, it } from 'vitest';
import { draftAppStepSchema } from '@/lib/wizard/steps/1-draft-app/schema';
import { supportRequest, type SupportFacts } from './support-request';

const OWNER = 'f47c5440-89cb-11ee-b9d1-0242ac120002';
const valid: SupportFacts = { name: 'Purchase app', namespace: 'com.example.invoices', identity: 'entity', ownerEntityId: OWNER, developerPortalAppId: '' };

describe('the request for Banqup Support', () => {
  it('carries the facts once all are valid', () => {
    const request = supportRequest({ ...valid, name: '  Purchase app ' });
    expect(request).toEqual({ ok: true, text: expect.stringContaining('- App name: Purchase app\n- Namespace: com.example.invoices\n- ownerEntityId (legal entity id): ' + OWNER) });
    const portal = supportRequest({ ...valid, identity: 'portal', ownerEntityId: '', developerPortalAppId: OWNER });
    expect(portal.ok && portal.text).toContain(`- Developer Portal app id (we do not register the app in Banqup): ${OWNER}`);
  });

  it('says exactly what is missing or wrong instead of a half-filled request', () => {
    expect(supportRequest({ ...valid, name: ' ', ownerEntityId: '' })).toEqual({ ok: false, missing: ['Enter the app name.', 'Enter the ownerEntityId (legal entity id).'] });
    expect(supportRequest({ ...valid, ownerEntityId: 'f47c5440' })).toEqual({
      ok: false,
      missing: ['Correct the ownerEntityId: it must be a UUID (8-4-4-4-12 hexadecimal digits).'],
    });
    expect(supportRequest({ ...valid, namespace: 'a\tb' })).toEqual({ ok: false, missing: ['Remove the line break or tab from the namespace.'] });
    expect(supportRequest({ ...valid, identity: 'portal' })).toEqual({ ok: false, missing: ['Enter the Developer Portal app id.'] });
    const text = JSON.stringify(supportRequest({ ...valid, namespace: '' }));
    expect(text).not.toContain('<namespace>');
  });

  it.each<[string, Partial<SupportFacts>]>([
    ['valid', {}],
    ['no name', { name: '' }],
    ['blank name', { name: '   ' }],
    ['name of 100', { name: 'x'.repeat(100) }],
    ['name of 101', { name: 'x'.repeat(101) }],
    ['no namespace', { namespace: '' }],
    ['namespace of 255', { namespace: 'n'.repeat(255) }],
    ['namespace of 256', { namespace: 'n'.repeat(256) }],
    ['namespace with a line break', { namespace: 'a\nb' }],
    ['dotted namespace, hyphenated name', { namespace: 'com.unifiedpost.btx', name: 'My-app' }],
    ['owner not a UUID', { ownerEntityId: 'not-a-uuid' }],
    ['owner in capitals', { ownerEntityId: OWNER.toUpperCase() }],
    ['portal without id', { identity: 'portal', ownerEntityId: '' }],
    ['portal with id', { identity: 'portal', ownerEntityId: '', developerPortalAppId: OWNER }],
    ['portal id not a UUID', { identity: 'portal', developerPortalAppId: '1234' }],
  ])('agrees with step 1’s schema: %s', (_name, change) => {
    const facts = { ...valid, ...change };
    expect(supportRequest(facts).ok).toBe(draftAppStepSchema.safeParse({ ...facts, applicationId: '' }).success);
  });
});
