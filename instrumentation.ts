/** Runs once when the server starts (Next.js instrumentation hook). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installRequestHook } = await import('./lib/server/request-hook');
    installRequestHook();
    // One log line per request (lib/server/request-log.ts), through the hook's onRequest.
    const { installRequestLog } = await import('./lib/server/request-log');
    installRequestLog();
    // Next.js's expected refusals (a cross-origin Server Action) as one warn line, no stack.
    const { logNextRefusals } = await import('./lib/server/next-refusals');
    logNextRefusals();
    const { startUp } = await import('./lib/startup');
    await startUp();
  }
}
