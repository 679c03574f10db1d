/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The app never uses next/image: no optimizer decoding uploaded images on demand (proxy.ts
  // also answers 404 at /_next/image).
  images: { unoptimized: true },
  // NEXT_DIST_DIR lets a benchmark or a second test server build beside the usual .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // NOTE: PGlite ships a WASM build of PostgreSQL and pg has optional native bits:
  // both must be loaded by Node at run time, not bundled. undici (lib/banqup/outbound.mjs)
  // likewise: one copy, loaded by Node, so its fetch and its Agent are the same version.
  // pino (lib/log.ts) too: bundled, its worker-thread files are not where it looks for them
  // (Next.js lists it as external by default; named here so that never changes under us).
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'undici', 'pino'],
  // Security headers on every route; pages also get a per-request CSP from proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
  experimental: {
    serverActions: {
      // Files travel to /api/registrations/[id]/assets, not through actions; this limit
      // still covers the largest upload (MEDIA_MAX_BYTES in lib/banqup/limits.ts, 5 MB)
      // plus form overhead, checked by lib/banqup/limits.test.ts.
      bodySizeLimit: '6mb',
    },
  },
};

export default nextConfig;
