/** Where Shoebox keeps its data: the library (catalog, cache, snapshots) and the app-wide models folder. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Every location core writes to. Libraries are self-contained folders; models are shared by all libraries. */
export interface CorePaths {
  libraryDir: string;
  catalogFile: string;
  cacheDir: string;
  thumbsDir: string;
  displayDir: string;
  snapshotsDir: string;
  modelsDir: string;
}

/** The per-user application data folder (XDG on Linux, Application Support on macOS, AppData on Windows). */
export function defaultAppDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Shoebox');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Shoebox');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'shoebox');
}

/**
 * Resolves the library and models folders: `libraryDir` (from `--library`), else `SHOEBOX_HOME`, else
 * `<appData>/library`; models from `SHOEBOX_MODELS`, else `<appData>/models`.
 */
export function resolvePaths(opts: { libraryDir?: string; appDataDir?: string; env?: NodeJS.ProcessEnv } = {}): CorePaths {
  const env = opts.env ?? process.env;
  const appData = opts.appDataDir ?? defaultAppDataDir(env);
  const libraryDir = resolve(opts.libraryDir ?? env.SHOEBOX_HOME ?? join(appData, 'library'));
  const cacheDir = join(libraryDir, 'cache');
  return {
    libraryDir,
    catalogFile: join(libraryDir, 'catalog.db'),
    cacheDir,
    thumbsDir: join(cacheDir, 'thumbs'),
    displayDir: join(cacheDir, 'display'),
    snapshotsDir: join(libraryDir, 'snapshots'),
    modelsDir: resolve(env.SHOEBOX_MODELS ?? join(appData, 'models')),
  };
}
