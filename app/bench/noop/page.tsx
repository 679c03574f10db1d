import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { authorize } from '@/lib/auth/current';
import { NoopButton } from './noop-button';

export const metadata: Metadata = { title: 'Bench: no-op action' };

/** Only for `npm run bench`: a server that was not started with BENCH=1 answers 404 here. */
const benchEnabled = () => process.env.BENCH === '1';

/**
 * The yardstick of the autosave's CPU cost (scripts/bench/autosave.mjs): a server action of the
 * same build, through the same request path (proxy.ts, the identity gate, the action protocol),
 * that checks who is asking, as every action does, and does nothing else.
 */
async function benchNoop(): Promise<{ ok: boolean }> {
  'use server';
  const who = await authorize('viewer');
  if (!who.ok || !benchEnabled()) return { ok: false };
  return { ok: true };
}

export default async function BenchNoopPage() {
  await connection(); // read BENCH at run time, never at build time
  if (!benchEnabled()) notFound();
  return <NoopButton action={benchNoop} />;
}
