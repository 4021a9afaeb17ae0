/** The main window: sandboxed, isolated renderer; navigation and new windows blocked. */
import { BrowserWindow, shell, type WebContents } from 'electron';
import type { Logger } from '../core/ports.js';

/** What the window loads: the built `index.html` or the dev server URL. */
export type WindowContent = { file: string } | { url: string };

/** Options for {@link createMainWindow}. */
export interface MainWindowOptions {
  preload: string;
  content: WindowContent;
  isAppUrl: (url: string) => boolean;
  log: Logger;
}

/** Keeps a webContents on our pages: foreign navigations are cancelled, new windows denied (https links open in the browser). */
export function guardNavigation(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Creates the Shoebox window, shown once its first paint is ready. */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Shoebox',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  guardNavigation(win.webContents, opts.isAppUrl);
  win.once('ready-to-show', () => win.show());
  const loading = 'file' in opts.content ? win.loadFile(opts.content.file) : win.loadURL(opts.content.url);
  loading.catch((err: unknown) => {
    opts.log.error('The Shoebox window could not load its page; run `npm run build` (or `npm start` in development).', {
      content: opts.content,
      error: err instanceof Error ? err.message : String(err),
    });
  });
  return win;
}
