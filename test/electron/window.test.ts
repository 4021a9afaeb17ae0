/** The main window's security settings and navigation guards, against the Electron stand-in. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, fakeEvent, resetElectron, shell } from './electron-stub.js';
import { createMainWindow } from '../../main/platform/window.js';
import { recordingLogger } from './recording-logger.js';

vi.mock('electron', () => import('./electron-stub.js'));

const appUrl = (url: string): boolean => url.startsWith('file:///app/dist/renderer/');

function open(content: { file: string } | { url: string } = { file: '/app/dist/renderer/index.html' }) {
  const log = recordingLogger();
  const win = createMainWindow({ preload: '/app/dist/preload/index.cjs', content, isAppUrl: appUrl, log }) as unknown as BrowserWindow;
  return { win, log };
}

describe('createMainWindow', () => {
  beforeEach(resetElectron);

  it('isolates and sandboxes the renderer and uses the bundled preload', () => {
    const { win } = open();
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win.loaded).toEqual({ file: '/app/dist/renderer/index.html' });
  });

  it('loads the dev server URL when given one and shows the window on ready-to-show', () => {
    const { win } = open({ url: 'http://127.0.0.1:5173/' });
    expect(win.loaded).toEqual({ url: 'http://127.0.0.1:5173/' });
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('cancels navigation and redirects away from the app, allows them inside it', () => {
    const { win } = open();
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = fakeEvent({ url: 'https://example.com/' });
      win.webContents.emit(name, away, away.url);
      expect(away.defaultPrevented).toBe(true);
      const inside = fakeEvent({ url: 'file:///app/dist/renderer/index.html#/tags' });
      win.webContents.emit(name, inside, inside.url);
      expect(inside.defaultPrevented).toBe(false);
    }
    const webview = fakeEvent({});
    win.webContents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies every new window and hands only https links to the system browser', () => {
    const { win } = open();
    const handler = win.webContents.windowOpenHandler!;
    for (const url of ['https://huggingface.co/google/siglip', 'file:///etc/passwd', 'javascript:alert(1)', 'http://a.test/']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual(['https://huggingface.co/google/siglip']);
  });

  it('logs an actionable message when the page cannot load', async () => {
    const log = recordingLogger();
    const original = BrowserWindow.prototype.loadFile;
    BrowserWindow.prototype.loadFile = () => Promise.reject(new Error('ERR_FILE_NOT_FOUND'));
    try {
      createMainWindow({ preload: '/p.cjs', content: { file: '/missing/index.html' }, isAppUrl: appUrl, log });
      await vi.waitFor(() => expect(log.entries).toHaveLength(1));
    } finally {
      BrowserWindow.prototype.loadFile = original;
    }
    expect(log.entries[0]).toMatchObject({ level: 'error', data: { error: 'ERR_FILE_NOT_FOUND' } });
    expect(log.entries[0]?.message).toContain('npm run build');
  });
});
