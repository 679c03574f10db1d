// Types for oauth.mjs (plain JavaScript so that scripts/doctor.mjs can run it with node).
export type TokenAuth = 'body' | 'basic';

export declare const DEFAULT_TOKEN_LIFETIME_S: number;
export declare const REQUIRED_SCOPES: readonly string[];
export declare function formUrlEncode(value: string): string;
export declare function basicAuthorization(clientId: string, clientSecret: string): string;
export declare function tokenRequestInit(settings: {
  clientId: string;
  clientSecret: string;
  scope?: string;
  tokenAuth?: TokenAuth;
}): { method: 'POST'; headers: Record<string, string>; body: string };
export declare function parseScopes(value: unknown): string[] | undefined;
export declare function grants(granted: readonly string[], required: string): boolean;
export declare function missingScopes(granted: readonly string[] | undefined, required?: readonly string[]): string[];
