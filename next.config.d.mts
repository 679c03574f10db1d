// Types for next.config.mjs, so tests can read its settings.
import type { NextConfig } from 'next';

declare const nextConfig: NextConfig;
export default nextConfig;
