/** Finds the better-sqlite3 binary built for Electron's ABI by `scripts/electron-sqlite.mjs` (development only). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `scripts/electron-sqlite.mjs` puts the Electron build of better-sqlite3 for one Electron version. */
export function electronSqlitePath(appRoot: string, electronVersion: string): string {
  return join(appRoot, '.cache', 'electron-sqlite', electronVersion, 'better_sqlite3.node');
}

/**
 * The `nativeBinding` to pass to core: the Electron build when running unpackaged and it exists; undefined when
 * packaged (electron-builder rebuilt node_modules for Electron) or not built (better-sqlite3 then loads its default).
 */
export function electronSqliteBinding(opts: { appRoot: string; electronVersion: string; packaged: boolean }): string | undefined {
  if (opts.packaged) return undefined;
  const file = electronSqlitePath(opts.appRoot, opts.electronVersion);
  return existsSync(file) ? file : undefined;
}

/** A startup failure as a message a person can act on; ABI mismatches of better-sqlite3 get the fix spelled out. */
export function explainStartupError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    return (
      `${message}\n\nbetter-sqlite3 is built for Node, not for Electron. Run \`node scripts/electron-sqlite.mjs\` ` +
      '(needs internet once) to build the Electron copy, or use browser mode: `npx shoebox serve`.'
    );
  }
  return message;
}
