/** Runs once when the server starts (Next.js instrumentation hook). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installRequestHook } = await import('./lib/server/request-hook');
    installRequestHook();
    const { startUp } = await import('./lib/startup');
    await startUp();
  }
}
