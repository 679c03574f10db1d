/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // NOTE: PGlite ships a WASM build of PostgreSQL and pg has optional native bits:
  // both must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
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
