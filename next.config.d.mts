// Types for next.config.mjs, so tests can read its settings.
import type { NextConfig } from 'next';

declare const nextConfig: (phase: string) => NextConfig;
export default nextConfig;
