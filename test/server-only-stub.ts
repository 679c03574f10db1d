// NOTE: `server-only` throws when imported outside React's server condition. Vitest runs
// server modules directly in Node, where that guard has nothing to protect, so it is
// aliased to this empty module in vitest.config.ts only.
export {};
