/** What every part of the API shares: catalog, paths, ports, model state, indexer, library. */
import type { Settings } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import type { Indexer } from '../jobs/indexer.js';
import type { Library } from '../library/library.js';
import type { ModelState } from '../model-state.js';
import type { CorePaths } from '../paths.js';
import type { Emit, Logger } from '../ports.js';
import type { Suggestions } from '../tags/suggestions.js';
import type { StatusCounter } from './status-counts.js';

/** Shared dependencies of the API parts, built once by `createCore`. */
export interface CoreContext {
  db: Db;
  paths: CorePaths;
  log: Logger;
  emit: Emit;
  models: ModelState;
  indexer: Indexer;
  library: Library;
  /** Tag suggestions, computed in the background. */
  suggestions: Suggestions;
  /** The status counts, read off the API's thread in long-running processes. */
  statusCounter: StatusCounter;
  settings(): Settings;
  /** The app's rotating log file, or null (CLI, browser mode). */
  logFile: string | null;
  /** better-sqlite3's Electron build, for threads that open the catalog themselves (undefined: the default build). */
  nativeBinding?: string;
  /** The system trash where Shoebox has no trash folder of its own (see CoreOptions). */
  systemTrash?: (path: string) => Promise<void>;
  /**
   * Points the indexer at the active model (after a switch, a removal or a precision change). Resolves with why the
   * active model cannot be used (a damaged folder), or null. `restart` restarts a running child (provider change).
   */
  refreshIndexer(opts?: { restart?: boolean }): Promise<string | null>;
}
