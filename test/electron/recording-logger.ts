/** A Logger that keeps every entry, for assertions. */
import type { Logger } from '../../main/core/ports.js';

/** One logged line. */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: Record<string, unknown>;
}

/** A Logger plus the entries it received. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (message: string, data?: Record<string, unknown>) => {
    entries.push({ level, message, data });
  };
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}
