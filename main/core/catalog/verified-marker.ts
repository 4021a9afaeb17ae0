/** Remembers the catalog's size and time after a clean close, so the next open can skip the full-file quick check. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const markerOf = (catalogFile: string) => `${catalogFile}.closed-clean`;

function fingerprint(catalogFile: string): string | null {
  try {
    const s = statSync(catalogFile);
    return JSON.stringify({ size: s.size, mtimeMs: s.mtimeMs });
  } catch {
    return null;
  }
}

/** Records that the catalog, as it is on disk now, was closed cleanly after passing its check. */
export function markCleanClose(catalogFile: string): void {
  const print = fingerprint(catalogFile);
  if (print !== null) writeFileSync(markerOf(catalogFile), print);
}

/**
 * Whether the catalog is byte-for-byte as Shoebox left it at its last clean close (same size and modification time):
 * then nothing can have damaged it since, and reading the whole file again (seconds for a large catalog) is skipped.
 */
export function unchangedSinceCleanClose(catalogFile: string): boolean {
  const print = fingerprint(catalogFile);
  try {
    return print !== null && readFileSync(markerOf(catalogFile), 'utf8') === print;
  } catch {
    return false;
  }
}
