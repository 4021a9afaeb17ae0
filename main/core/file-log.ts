/** A rotating log file (JSON lines): the desktop app's record of what happened, for a person to look at or send. */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from './ports.js';

/** How big the log may grow before it rotates, and how many older files are kept (`shoebox.log.1` … `.N`). */
export interface RotationOptions {
  maxBytes?: number;
  keep?: number;
}

/** One JSON line: time, level, message, then the data (which never overwrites the first three). */
export function logLine(level: string, message: string, data?: Record<string, unknown>): string {
  return JSON.stringify({ ...data, time: new Date().toISOString(), level, message }) + '\n';
}

/**
 * A logger appending to `file`; past `maxBytes` (default 1 MB) the file becomes `file.1`, older ones shift up and the
 * one past `keep` (default 3) is deleted. A log that cannot be written never stops the app: the line is dropped.
 */
export function fileLogger(file: string, opts: RotationOptions = {}): Logger {
  const maxBytes = opts.maxBytes ?? 1_000_000;
  const keep = opts.keep ?? 3;
  let size = -1;
  const rotate = (): void => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    renameSync(file, `${file}.1`);
    size = 0;
  };
  const write = (level: string, message: string, data?: Record<string, unknown>): void => {
    const line = logLine(level, message, data);
    try {
      if (size < 0) {
        mkdirSync(dirname(file), { recursive: true });
        size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      }
      if (size > 0 && size + line.length > maxBytes) rotate();
      appendFileSync(file, line);
      size += Buffer.byteLength(line);
    } catch {
      size = -1;
    }
  };
  return {
    info: (message, data) => write('info', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, data) => write('error', message, data),
  };
}

/** A logger that writes every line to each of `loggers`. */
export function teeLogger(...loggers: Logger[]): Logger {
  return {
    info: (message, data) => loggers.forEach((l) => l.info(message, data)),
    warn: (message, data) => loggers.forEach((l) => l.warn(message, data)),
    error: (message, data) => loggers.forEach((l) => l.error(message, data)),
  };
}
