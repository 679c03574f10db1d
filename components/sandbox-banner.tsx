/** Shown on every page in sandbox mode: nothing here reaches the real Banqup. */
export function SandboxBanner() {
  return (
    <div role="note" aria-label="Sandbox mode" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950 dark:bg-amber-900/60 dark:text-amber-50">
      <strong className="font-semibold">Sandbox mode.</strong> Calls go to the built-in Banqup sandbox, not to Banqup. Set{' '}
      <code className="rounded bg-amber-200/70 px-1 dark:bg-amber-800">BANQUP_API_URL</code> to use the real API.
    </div>
  );
}
