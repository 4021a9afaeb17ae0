/** What the library's parts share: the catalog, a logger, the event sink and the indexer hook. */
import type { Db } from '../catalog/db.js';
import type { Emit, Logger } from '../ports.js';

/** Dependencies of the library, passed in by whoever builds core (app, CLI, server, tests). */
export interface LibraryContext {
  db: Db;
  log: Logger;
  emit: Emit;
  /** Called with photos that need (re-)embedding: new ones, and ones whose content changed in place. */
  onIndexNeeded(photoIds: number[]): void;
}
