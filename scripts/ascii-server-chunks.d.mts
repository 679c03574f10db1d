// Types for ascii-server-chunks.mjs (plain JavaScript: next.config.mjs loads it).
export declare function asciiOnly(code: string, parse: Parse): string;
type Parse = (code: string, options: object) => unknown;
export declare function loadParse(): Promise<Parse>;
export declare class AsciiServerChunksPlugin {
  constructor(webpack: unknown);
  apply(compiler: unknown): void;
}
