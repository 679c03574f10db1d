import { describe, expect, it } from 'vitest';
import { draftAppStepSchema } from '@/lib/wizard/steps/1-draft-app/schema';
import { APP_NAME_ADVISED_MAX, NAMESPACE_ADVISED_MAX, appNameWarnings, namespaceWarnings } from './identity-warnings';

/** Every warning says it is advice: Banqup publishes no such rule. */
const expectAdvice = (warnings: string[]) => {
  expect(warnings.length).toBeGreaterThan(0);
  for (const warning of warnings) expect(warning).toMatch(/Banqup publishes no such rule, so this is only advice, not a refusal\.$/);
};

describe('namespaceWarnings', () => {
  it.each(['com.unifiedpost.btx', 'my_namespace', 'purchase_app', 'ab', 'a', 'com.my-company.app', 'x'.repeat(NAMESPACE_ADVISED_MAX)])(
    'has no advice for %j, shaped like Banqup’s examples',
    (namespace) => {
      expect(namespaceWarnings(namespace)).toEqual([]);
    },
  );

  it.each(['', '   '])('says nothing about a blank namespace %j (the schema says it is required)', (namespace) => {
    expect(namespaceWarnings(namespace)).toEqual([]);
  });

  it('judges the namespace as it is sent: trimmed', () => {
    expect(namespaceWarnings('  com.unifiedpost.btx \n')).toEqual([]);
  });

  it.each([
    ['My Namespace', /^This namespace has capital letters and has spaces\. /],
    ['My_namespace', /^This namespace has capital letters\. /],
    ['my namespace', /^This namespace has spaces\. /],
    ['café', /^This namespace has characters other than a–z, digits, dots, underscores and hyphens\. /],
    ['1abc', /^This namespace does not start with a letter\. /],
    ['_abc', /^This namespace does not start with a letter\. /],
    ['.Ab c', /^This namespace has capital letters, has spaces and does not start with a letter\. /],
  ])('advises on %j, naming what differs from the examples', (namespace, found) => {
    const warnings = namespaceWarnings(namespace);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(found);
    expect(warnings[0]).toContain('such as com.unifiedpost.btx or my_namespace');
    expectAdvice(warnings);
  });

  it(`advises on a namespace over ${NAMESPACE_ADVISED_MAX} characters`, () => {
    const warnings = namespaceWarnings('x'.repeat(NAMESPACE_ADVISED_MAX + 1));
    expect(warnings).toEqual([expect.stringMatching(/^This namespace is 65 characters long: namespaces over 64 characters/)]);
    expectAdvice(warnings);
    expect(namespaceWarnings('x'.repeat(NAMESPACE_ADVISED_MAX))).toEqual([]);
  });

  it('gives both pieces of advice when both apply', () => {
    const warnings = namespaceWarnings(`My ${'x'.repeat(NAMESPACE_ADVISED_MAX)}`);
    expect(warnings).toHaveLength(2);
    expectAdvice(warnings);
  });
});

describe('appNameWarnings', () => {
  it.each(['My-app', 'Purchase app', 'n'.repeat(APP_NAME_ADVISED_MAX), '', '   '])('has no advice for %j', (name) => {
    expect(appNameWarnings(name)).toEqual([]);
  });

  it(`advises on a name over ${APP_NAME_ADVISED_MAX} characters`, () => {
    const warnings = appNameWarnings('n'.repeat(APP_NAME_ADVISED_MAX + 1));
    expect(warnings).toEqual([expect.stringMatching(/^This app name is 51 characters long: names over 50 characters may be cut off/)]);
    expectAdvice(warnings);
  });

  it('judges the name trimmed, and counts an emoji as one character', () => {
    expect(appNameWarnings(` ${'n'.repeat(APP_NAME_ADVISED_MAX)} `)).toEqual([]);
    expect(appNameWarnings('🧾'.repeat(APP_NAME_ADVISED_MAX))).toEqual([]);
  });
});

describe("Banqup's production example (com.unifiedpost.btx / My-app)", () => {
  it('passes step 1’s schema and gets no advice', () => {
    const values = { name: 'My-app', namespace: 'com.unifiedpost.btx', identity: 'entity', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002', developerPortalAppId: '', applicationId: '' };
    expect(draftAppStepSchema.safeParse(values).success).toBe(true);
    expect(namespaceWarnings(values.namespace)).toEqual([]);
    expect(appNameWarnings(values.name)).toEqual([]);
  });

  it('what only draws advice is still accepted by step 1’s schema', () => {
    const values = { name: 'n'.repeat(80), namespace: 'My Namespace', identity: 'entity', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002', developerPortalAppId: '', applicationId: '' };
    expect(draftAppStepSchema.safeParse(values).success).toBe(true);
    expect(namespaceWarnings(values.namespace)).toHaveLength(1);
    expect(appNameWarnings(values.name)).toHaveLength(1);
  });
});
