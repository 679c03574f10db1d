// Types for deployment-id.mjs (plain JavaScript: next.config.mjs loads it before anything is compiled).
export declare const SOURCES: string[];
export declare function sourceDigest(root?: string): string;
export declare function deploymentId(env?: Record<string, string | undefined>, root?: string): string;
