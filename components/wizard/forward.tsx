'use client';

import { usePathname, useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo } from 'react';

/**
 * Forward motion ("Save and continue", then "Check your answers"): where a step's primary
 * action leads once it succeeded, the next step or, for a page opened from the summary's
 * Change links (`?from=summary`), back to the summary. The step page says where
 * (app/registrations/[id]/[step]/page.tsx); the step's frame and its send use it.
 */
export type Forward = {
  /** Where the primary action leads: the next step, or the summary. */
  href: string;
  /** Whether it leads back to the summary (the page was opened from there). */
  toSummary: boolean;
};

const ForwardContext = createContext<Forward | null>(null);

export function ForwardProvider({ forward, children }: { forward: Forward; children: React.ReactNode }) {
  return <ForwardContext.Provider value={forward}>{children}</ForwardContext.Provider>;
}

/**
 * The page a navigation was started for: its heading takes focus when it arrives (and the
 * page scrolls to it), as a screen reader user would otherwise start again at the top.
 * Module state, as a client-side navigation keeps the page's JavaScript.
 */
let arrival: string | null = null;

/** The step's way forward, and `go()` to take it. Null outside a step page. */
export function useForward(): (Forward & { go: () => void }) | null {
  const forward = useContext(ForwardContext);
  const router = useRouter();
  const go = useCallback(() => {
    if (!forward) return;
    arrival = forward.href;
    router.push(forward.href);
  }, [forward, router]);
  return useMemo(() => (forward ? { ...forward, go } : null), [forward, go]);
}

/** How long a page's heading may take to appear after the navigation (a step's form loads on its own). */
const ARRIVAL_WAIT_MS = 5_000;

/**
 * Focuses the heading of the page a forward navigation arrived at: the step's h1 (or the
 * summary's), made focusable without a tab stop of its own. Rendered once, in the
 * registration's layout, so the summary gets it as the steps do.
 */
export function ArrivalFocus() {
  const pathname = usePathname();
  useEffect(() => {
    if (arrival === null || arrival.split('?')[0] !== pathname) return;
    arrival = null;
    const started = performance.now();
    let frame = 0;
    const focusHeading = () => {
      const heading = document.querySelector<HTMLElement>('#main h1');
      if (!heading) {
        if (performance.now() - started < ARRIVAL_WAIT_MS) frame = requestAnimationFrame(focusHeading);
        return;
      }
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
      // The top of the page, with the step list's line and the heading under the header; the
      // heading itself further down only if the top does not show it (the notices sit at the top).
      window.scrollTo({ top: 0 });
      const { top, bottom } = heading.getBoundingClientRect();
      if (top < 0 || bottom > window.innerHeight) heading.scrollIntoView({ block: 'center' });
    };
    focusHeading();
    return () => cancelAnimationFrame(frame);
  }, [pathname]);
  return null;
}
