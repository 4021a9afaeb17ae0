/** Plain words for errors from the catalog, so no raw SQLite text reaches a person. */
import { CatalogDamagedError, isCorruptionError } from './catalog-health.js';

/** The message to show for `err`: plain words for a damaged or busy catalog, the error's own message otherwise. */
export function describeCatalogError(err: unknown): string {
  if (err instanceof CatalogDamagedError) return err.message;
  if (isCorruptionError(err)) {
    return 'The catalog file is damaged, so this could not be done. Restart Shoebox to restore its newest good snapshot (`shoebox restore` on the command line).';
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
    return 'The catalog was kept busy by another Shoebox, so this could not be done; nothing was changed. Try again.';
  }
  return err instanceof Error ? err.message : String(err);
}
