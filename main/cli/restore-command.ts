/** CLI: `restore [--from SNAPSHOT]`, and the plain message every command prints when the catalog is missing or damaged. */
import { CatalogDamagedError, describeSnapshot } from '../core/catalog/catalog-health.js';
import { describeCatalogError } from '../core/catalog/catalog-errors.js';
import { RestoreError, restoreCatalog } from '../core/catalog/restore.js';
import { resolvePaths } from '../core/paths.js';
import { CliExit, print } from './output.js';

function libraryFlag(library: string | undefined): string {
  return library === undefined ? '' : ` --library ${JSON.stringify(library)}`;
}

/** Turns a catalog error into a CLI exit in plain words (with how to restore), or returns null for other errors. */
export function catalogExit(err: unknown, flags: { library?: string }): CliExit | null {
  if (err instanceof CatalogDamagedError) {
    const how = err.snapshot
      ? `To restore it, run: shoebox restore${libraryFlag(flags.library)}`
      : `To start a new, empty catalog instead (the current file is kept aside), run: shoebox restore --empty${libraryFlag(flags.library)}`;
    return new CliExit(`shoebox: ${err.message}\n${how}`, 1);
  }
  const message = describeCatalogError(err);
  const raw = err instanceof Error ? err.message : String(err);
  return message === raw ? null : new CliExit(`shoebox: ${message}`, 1);
}

/** Restores the newest good snapshot (or `--from`, or a new empty catalog with `--empty`), keeping the current catalog aside. */
export async function restoreCommand(flags: { library?: string; from?: string; empty?: boolean; json: boolean }): Promise<void> {
  const paths = resolvePaths({ libraryDir: flags.library });
  if (flags.empty && flags.from !== undefined) throw new CliExit('shoebox: restore takes --from SNAPSHOT or --empty, not both', 2);
  try {
    const outcome = await restoreCatalog(paths, { from: flags.from, empty: flags.empty });
    print(outcome, flags.json, (o) =>
      [
        o.snapshot ? `Restored the snapshot from ${describeSnapshot(o.snapshot)}.` : 'Started a new, empty catalog.',
        ...o.keptAside.slice(0, 1).map((f) => `The previous catalog was kept as ${f}.`),
      ].join('\n'),
    );
  } catch (err) {
    if (err instanceof RestoreError) throw new CliExit(`shoebox: ${err.message}`, 1);
    throw err;
  }
}
