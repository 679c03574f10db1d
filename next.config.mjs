import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from 'next/constants.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AsciiServerChunksPlugin } from './scripts/ascii-server-chunks.mjs';
import { deploymentId } from './scripts/deployment-id.mjs';

const projectDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * A function of the phase: the standalone output is made by `next build` only (`next start`,
 * which reads this file again, would warn that it does not serve standalone builds, though it
 * serves this one as well).
 *
 * @param {string} phase
 * @returns {import('next').NextConfig}
 */
const nextConfig = (phase) => ({
  poweredByHeader: false,
  // A self-contained server in <distDir>/standalone (server.js and only the node_modules it
  // needs), for the Docker image; `npm run build` copies the static files beside it
  // (scripts/standalone.mjs). `npm start` still runs `next start` on the same build.
  output: phase === PHASE_PRODUCTION_BUILD ? 'standalone' : undefined,
  // This directory, not a parent holding another lockfile: server.js lands at <distDir>/standalone/server.js.
  outputFileTracingRoot: projectDir,
  // NOTE: files loaded by path at run time, which the tracer cannot see: the SVG sanitiser runs
  // in a worker started from process.cwd() (lib/uploads/svg.ts), with its own imports; a new
  // PGlite data folder is set up by a child process running lib/db/pglite-init.mjs (lib/db/db.ts).
  outputFileTracingIncludes: {
    '/**': ['./lib/uploads/svg-worker.mjs', './lib/uploads/svg-sanitize.mjs', './node_modules/@xmldom/xmldom/**/*', './lib/db/pglite-init.mjs'],
  },
  // Version skew: pages carry this id, every request of the client router sends it back, and a
  // navigation answered by a server with another id becomes a full reload (a page of an older
  // build then runs the newer build's code; server actions: lib/server/skew.ts). NEXT_DEPLOYMENT_ID,
  // else a digest of the sources, the same on every replica built from the same code.
  deploymentId: phase === PHASE_DEVELOPMENT_SERVER ? undefined : deploymentId(),
  // The app never uses next/image: no optimizer decoding uploaded images on demand (proxy.ts
  // also answers 404 at /_next/image).
  images: { unoptimized: true },
  // NEXT_DIST_DIR lets a benchmark or a second test server build beside the usual .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // NOTE: PGlite ships a WASM build of PostgreSQL and pg has optional native bits:
  // both must be loaded by Node at run time, not bundled. undici (lib/banqup/outbound.ts)
  // likewise: one copy, loaded by Node, so its fetch and its Agent are the same version.
  // pino (lib/log.ts) too: bundled, its worker-thread files are not where it looks for them
  // (Next.js lists it as external by default; named here so that never changes under us).
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'undici', 'pino'],
  // The server's bundles in ASCII only: Node keeps a module's source in memory, two bytes a
  // character when it holds a single one past ASCII (scripts/ascii-server-chunks.mjs).
  webpack(config, { isServer, webpack }) {
    if (isServer) config.plugins.push(new AsciiServerChunksPlugin(webpack));
    return config;
  },
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
});

export default nextConfig;
