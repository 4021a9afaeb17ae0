/** CLI output: JSON or human text, a TTY progress bar, and turning Result errors into exit codes. */
import { formatEta } from '../core/units.js';
import type { JobProgress, Result } from '../../preload/contract.js';

/** Thrown to end the CLI with a message and exit code (after cleanup). */
export class CliExit extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** Unwraps a Result or ends the command with its message (exit code 2 for bad input, 1 otherwise). */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new CliExit(`shoebox: ${r.error.message}`, r.error.code === 'invalid_input' || r.error.code === 'not_found' ? 2 : 1);
}

/** Prints a value as JSON (with --json) or through the given text formatter. */
export function print<T>(value: T, json: boolean, text: (v: T) => string): void {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text(value) + '\n');
}

/** One line of indexing progress: bar, counts, rate, ETA, provider. */
export function progressLine(p: JobProgress, width = 24): string {
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(frac * width);
  const eta = p.etaSeconds === null ? '' : ` · ${formatEta(p.etaSeconds)}`;
  const errors = p.errors ? ` · ${p.errors} errors` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} · ${p.rate.toFixed(1)} photos/s${eta}${errors} · ${p.provider ?? '…'}`;
}

/** A progress renderer that redraws one line on a TTY and stays silent otherwise. */
export function ttyProgress(stream: NodeJS.WriteStream = process.stderr): { update(p: JobProgress): void; end(): void } {
  let drawn = false;
  return {
    update(p) {
      if (!stream.isTTY) return;
      stream.write(`\r${progressLine(p)}\x1b[K`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
