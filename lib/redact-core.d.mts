// Types for redact-core.mjs (plain JavaScript so that scripts/doctor.mjs can run it with node).
export declare const REDACTED: '[redacted]';
export declare const MIN_SECRET_LENGTH: number;
export declare function secretForms(secret: string): string[];
export declare function encodedVariants(secret: string): string[];
export declare function createRedactor(secrets: readonly (string | null | undefined)[] | undefined): (text: string) => string;
export declare function redactStrings<T>(value: T, redact: (text: string) => string): T;
