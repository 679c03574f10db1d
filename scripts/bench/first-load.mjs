/**
 * First-load JavaScript of a page as Chromium receives it: every script response of a page
 * loaded in a fresh browser context (empty cache) until the network has been quiet for 1 s
 * after the load event. Counted twice: as transferred (the response bodies as they came over
 * the wire, gzip-compressed by `next start`) and decoded (uncompressed). The same function
 * weighs the wizard's pages and the empty app's.
 */
export async function loadPage(browser, url, { quietMs = 1000, timeoutMs = 20_000 } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = [];
  const pending = new Set();
  let lastActivity = performance.now();
  page.on('request', (request) => {
    pending.add(request);
    lastActivity = performance.now();
  });
  const settle = (request) => {
    pending.delete(request);
    lastActivity = performance.now();
  };
  page.on('requestfailed', settle);
  page.on('requestfinished', async (request) => {
    try {
      if (request.resourceType() === 'script') {
        const response = await request.response();
        const sizes = await request.sizes();
        const body = response ? await response.body() : Buffer.alloc(0);
        scripts.push({ url: request.url(), transferred: sizes.responseBodySize, decoded: body.length, headers: request.headers() });
      }
    } finally {
      settle(request);
    }
  });
  const response = await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  const started = performance.now();
  while ((pending.size > 0 || performance.now() - lastActivity < quietMs) && performance.now() - started < timeoutMs) {
    await page.waitForTimeout(100);
  }
  const status = response?.status() ?? 0;
  await context.close();
  return {
    status,
    scripts,
    transferred: scripts.reduce((sum, s) => sum + s.transferred, 0),
    decoded: scripts.reduce((sum, s) => sum + s.decoded, 0),
  };
}
