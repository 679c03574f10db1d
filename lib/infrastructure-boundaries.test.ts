import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The infrastructure folders of lib/ (banqup, sandbox, db, uploads) know no wizard: the ESLint
 * rule INFRASTRUCTURE_BOUNDARIES (eslint.config.mjs) refuses every way of importing it, and
 * `npm run lint` runs it over the code. This proves the rule sees each way.
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

const problems = async (filePath: string, text: string) => {
  const [result] = await eslint.lintText(text, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'import/no-restricted-paths' || m.ruleId === 'no-restricted-syntax').map((m) => m.ruleId);
};

describe('the infrastructure folders of lib/ know no wizard', () => {
  it.each([
    ['lib/sandbox', 'import lib/wizard', 'lib/sandbox/probe.ts', `import { planStep } from '@/lib/wizard/steps/plans';\nexport const p = planStep;\n`],
    ['lib/sandbox', 'import it by a relative path', 'lib/sandbox/routes/probe.ts', `import { planStep } from '../../wizard/steps/plans';\nexport const p = planStep;\n`],
    ['lib/db', 'import a type of lib/registration', 'lib/db/probe.ts', `import type { RegistrationStatus } from '@/lib/registration/statuses';\nexport type S = RegistrationStatus;\n`],
    ['lib/banqup', 'name a type of components by import()', 'lib/banqup/probe.ts', `export type F = typeof import('@/components/wizard/forward');\n`],
    ['lib/uploads', 'load app with import()', 'lib/uploads/probe.ts', `export const route = () => import('@/app/sandbox/[...path]/route');\n`],
    ['lib/banqup', 're-export lib/registration', 'lib/banqup/probe.ts', `export * from '@/lib/registration/statuses';\n`],
    ['lib/uploads', 're-export the database', 'lib/uploads/probe.ts', `export { getDb } from '@/lib/db';\n`],
    ['lib/db', 'import a type of the Banqup client', 'lib/db/probe.ts', `import type { EndpointName } from '@/lib/banqup/endpoints';\nexport type E = EndpointName;\n`],
  ])('%s may not %s', { timeout: 60_000 }, async (_folder, _what, filePath, text) => {
    expect(await problems(filePath, text)).toHaveLength(1);
  });

  it('lets them use each other and lib/, and lets their tests drive the app', { timeout: 60_000 }, async () => {
    expect(await problems('lib/sandbox/probe.ts', `import { ENDPOINTS } from '@/lib/banqup/endpoints';\nimport type { Db } from '@/lib/db/db';\nexport type D = Db;\nexport const e = ENDPOINTS;\n`)).toEqual([]);
    expect(await problems('lib/sandbox/probe.test.ts', `export const route = () => import('@/app/sandbox/[...path]/route');\n`)).toEqual([]);
    expect(await problems('lib/wizard/probe.ts', `import { getDb } from '@/lib/db';\nexport const g = getDb;\n`)).toEqual([]);
  });
});
