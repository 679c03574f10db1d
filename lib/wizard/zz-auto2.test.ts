import { it } from 'vitest';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { appAgainstSandbox } from '@/test/app-against-sandbox';

const app = appAgainstSandbox();

it('profile autosave', async () => {
  const { repo, db, sandbox } = app;
  const id = await repo.createRegistration(db);
  const applicationId = await sandbox.createDraft();
  await repo.updateIdentity(db, id, { name: 'App', namespace: 'app', applicationId });
  let revision = 0;
  const values = (n: number) => ({ locales: ['en-GB', 'fr-BE', 'nl-BE'].map((locale) => ({ locale, displayName: `App ${n}`, shortDescription: 'Short description of it', description: 'Long description that says a lot about the app and more' })) });
  for (let i = 0; i < 100; i++) revision = ((await app.actions.saveStepDraft(id, 2, values(i), revision)) as { revision: number }).revision;
  const session = new Session(); session.connect();
  await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 100 }); await session.post('Profiler.start');
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 100; i < 400; i++) revision = ((await app.actions.saveStepDraft(id, 2, values(i), revision)) as { revision: number }).revision;
  const c = process.cpuUsage(c0);
  console.log('per save wall', ((performance.now() - t0) / 300).toFixed(2), 'cpu', ((c.user + c.system) / 1000 / 300).toFixed(2));
  const { profile } = await session.post('Profiler.stop');
  writeFileSync('/tmp/auto.cpuprofile', JSON.stringify(profile));
}, 120_000);
