/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // NOTE: PGlite ships a WASM build of PostgreSQL and pg has optional native bits:
  // both must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
};

export default nextConfig;
