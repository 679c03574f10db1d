import type { LogLevel } from '@/lib/env';
import { createLogger, replaceLogger } from '@/lib/log';

export type LogLine = Record<string, unknown> & { level: string; time: string; msg: string };

export type CapturedLog = {
  /** Each line as written (JSON text). */
  raw: () => string[];
  /** Each line, parsed. */
  lines: () => LogLine[];
  /** Puts the process's logger back. */
  restore: () => void;
};

/**
 * The app's log (lib/log.ts) written to memory at `level` instead of stdout, until `restore()`:
 * the lines exactly as an operator would read them, redaction and all.
 */
export function captureLog(level: LogLevel = 'trace'): CapturedLog {
  const written: string[] = [];
  const restore = replaceLogger(createLogger({ level, destination: { write: (line: string) => void written.push(line) } }));
  return {
    raw: () => written.map((line) => line.replace(/\n$/, '')),
    lines: () => written.map((line) => JSON.parse(line) as LogLine),
    restore,
  };
}
