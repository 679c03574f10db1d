'use client';

import { useState } from 'react';

/** Calls the no-op action; the count says how many answered (the bench waits for it). */
export function NoopButton({ action }: { action: () => Promise<{ ok: boolean }> }) {
  const [count, setCount] = useState(0);
  return (
    <div className="space-y-2">
      <button type="button" className="rounded-md border px-4 py-2" onClick={() => void action().then((answer) => answer.ok && setCount((n) => n + 1))}>
        No-op action
      </button>
      <p role="status" data-count={count}>
        {count} answered
      </p>
    </div>
  );
}
