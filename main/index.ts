/** Electron composition root: one instance, core built with Electron's paths, protocol, IPC, menu, window, clean quit. */
import { join } from 'node:path';
import { app, BrowserWindow, session, shell } from 'electron';
import type { LibraryChange } from '../preload/contract.js';
import { CatalogDamagedError } from './core/catalog/catalog-health.js';
import { restoreCatalog } from './core/catalog/restore.js';
import { createCore, type Core, type CoreOptions } from './core/core.js';
import { fileLogger, teeLogger } from './core/file-log.js';
import { defaultAppDataDir, resolvePaths } from './core/paths.js';
import { stderrLogger, type Emit } from './core/ports.js';
import { bindIpc, forwardEvents } from './ipc.js';
import { isAppUrl, type AppOrigin } from './platform/app-origin.js';
import { offerCatalogRestore, pickFolder, showStartupError } from './platform/dialogs.js';
import { launchOptions } from './platform/launch-options.js';
import { createMediaRoots, type MediaRoots } from './platform/media-roots.js';
import { installMenu } from './platform/menu.js';
import { electronSqliteBinding, explainStartupError } from './platform/native-binding.js';
import { handleMediaProtocol, registerMediaScheme } from './platform/protocol.js';
import { hardenSession } from './platform/session.js';
import { createMainWindow } from './platform/window.js';

/** The app's log: stderr (for a terminal) and a rotating file in the app data folder, shown in Settings. */
const logFile = join(defaultAppDataDir(), 'logs', 'shoebox.log');
const log = teeLogger(stderrLogger, fileLogger(logFile));
let core: Core | null = null;
let mediaRoots: MediaRoots | null = null;

const toWindows = forwardEvents();
/** Core's event sink: every event goes to the windows; folder changes also refresh the media roots. */
const emit: Emit = (event, payload) => {
  if (event === 'libraryChanged' && (payload as LibraryChange).kind === 'folders') mediaRoots?.invalidate();
  toWindows(event, payload);
};

/** Brings the existing window to the front; false when there is none. */
function focusWindow(): boolean {
  const existing = BrowserWindow.getAllWindows()[0];
  if (existing === undefined) return false;
  if (existing.isMinimized()) existing.restore();
  existing.focus();
  return true;
}

/** Focuses the window, or creates it (at start and on macOS `activate`). */
function showWindow(origin: AppOrigin): void {
  if (focusWindow()) return;
  const appRoot = app.getAppPath();
  createMainWindow({
    preload: join(appRoot, 'dist', 'preload', 'index.cjs'),
    content: origin.devUrl !== null ? { url: origin.devUrl } : { file: join(origin.rendererDir, 'index.html') },
    isAppUrl: (url) => isAppUrl(url, origin),
    log,
  });
}

/**
 * Builds core; when the catalog is missing or damaged, offers to restore the newest good snapshot (the damaged file is
 * kept aside) and tries again. Null when the person chose to quit.
 */
async function openLibrary(options: CoreOptions): Promise<Core | null> {
  try {
    return await createCore(options);
  } catch (err) {
    if (!(err instanceof CatalogDamagedError)) throw err;
    if (!(await offerCatalogRestore(err.message, err.snapshot !== null))) return null;
    await restoreCatalog(options.paths, { nativeBinding: options.nativeBinding });
    return createCore(options);
  }
}

/**
 * Builds core and everything that talks to it, then opens the window. The library and models live where the CLI and
 * browser mode find them (`defaultAppDataDir`: the same as Electron's userData on macOS and Windows, XDG data on
 * Linux), so `shoebox status` and the app share one library.
 */
async function start(): Promise<void> {
  const options = launchOptions(process.argv, process.env, app.isPackaged);
  const appRoot = app.getAppPath();
  const origin: AppOrigin = { rendererDir: join(appRoot, 'dist', 'renderer'), devUrl: options.devUrl };
  const paths = resolvePaths({ libraryDir: options.libraryDir });
  const nativeBinding = electronSqliteBinding({
    appRoot,
    electronVersion: process.versions.electron ?? '',
    packaged: app.isPackaged,
  });
  const built = await openLibrary({ paths, log, logFile, emit, nativeBinding, watch: true, systemTrash: (path) => shell.trashItem(path) });
  if (built === null) return app.exit(1);
  core = built;
  mediaRoots = createMediaRoots(built.api, paths.cacheDir);
  handleMediaProtocol({ resolveMedia: (kind, id) => built.resolveMedia(kind, id), roots: mediaRoots.roots, log });
  hardenSession(session.defaultSession, origin.devUrl);
  bindIpc({
    invoke: (channel, args) => built.invoke(channel, args),
    isAppUrl: (url) => isAppUrl(url, origin),
    pickFolder,
    showInFolder: (path) => shell.showItemInFolder(path),
  });
  installMenu(!app.isPackaged);
  app.on('activate', () => showWindow(origin));
  showWindow(origin);
  log.info('Shoebox started', { libraryDir: paths.libraryDir, devUrl: origin.devUrl, nativeBinding: nativeBinding ?? 'default' });
}

registerMediaScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focusWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (core === null) return;
    event.preventDefault();
    const closing = core;
    core = null;
    void closing
      .close()
      .catch((err: unknown) => log.error('Closing the library failed', { error: String(err) }))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log.error('Shoebox could not start', { error: err instanceof Error ? err.stack : String(err) });
      showStartupError(explainStartupError(err));
      app.exit(1);
    });
}
