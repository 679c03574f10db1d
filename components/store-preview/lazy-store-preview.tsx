'use client';

import dynamic from 'next/dynamic';
import { useEffect, useId, useRef, useState, type Ref } from 'react';
import type { StorePreviewSources } from '@/lib/wizard/store-preview';

/** The preview's frame while its code loads: the same labelled region, so that nothing jumps far. */
function Placeholder({ ref }: { ref?: Ref<HTMLElement> }) {
  const id = useId();
  return (
    <section ref={ref} aria-labelledby={id} className="min-h-64 rounded-lg border border-slate-200 bg-white p-4 print:hidden dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="font-semibold">
        Store preview
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Loading the preview…</p>
    </section>
  );
}

const StorePreview = dynamic(() => import('./store-preview').then((m) => m.StorePreview), { ssr: false, loading: () => <Placeholder /> });

/**
 * The store preview of steps 2–4: the other steps' saved answers (`saved`) with this step's live
 * values over them (`live`). Its code loads when it comes near the screen (step 2 shows it at
 * once; on steps 3 and 4 it sits below the files): the step pages' first load stays within its
 * budget (README, Performance).
 */
export function LazyStorePreview({ saved, live, follow, compact }: { saved: StorePreviewSources | undefined; live: Partial<StorePreviewSources>; follow?: string; compact?: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && setNear(true), { rootMargin: '100px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  if (!near) return <Placeholder ref={ref} />;
  return <StorePreview sources={{ locales: [], logo: null, media: [], ...saved, ...live }} follow={follow} compact={compact} />;
}
