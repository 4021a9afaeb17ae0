/** The composition root: lock, scheme before ready, core with Electron's paths, window, IPC, events, clean quit. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreOptions } from '../../main/core/core.js';
import { defaultAppDataDir } from '../../main/core/paths.js';

vi.mock('electron', () => import('./electron-stub.js'));

const state = vi.hoisted(() => ({
  options: [] as unknown[],
  closed: 0,
  listFolders: 0,
  fail: null as Error | null,
  photos: '',
}));

vi.mock('../../main/core/core.js', () => ({
  createCore: async (options: unknown) => {
    state.options.push(options);
    if (state.fail) throw state.fail;
    return {
      api: { listFolders: async () => (state.listFolders++, { ok: true, value: [{ path: state.photos }] }) },
      invoke: async (channel: string) => ({ ok: true, value: channel }),
      // Core hands over a file it opened and checked; the protocol streams that descriptor.
      resolveMedia: async () => {
        const { openRegularFile, realPathOf } = await import('../../main/core/media-access.js');
        const file = `${state.photos}/a.jpg`;
        const opened = await openRegularFile(file);
        return opened && { ...opened, realPath: await realPathOf(opened, file), contentType: 'image/jpeg' };
      },
      close: async () => {
        state.closed++;
      },
    };
  },
}));

let electron: typeof import('./electron-stub.js');
let home: string;
let release: () => void;
const argv = process.argv;

async function boot(args: string[] = []): Promise<void> {
  process.argv = [...argv.slice(0, 1), '.', ...args];
  await import('../../main/index.js');
}

beforeEach(async () => {
  vi.resetModules();
  electron = (await import('electron')) as unknown as typeof import('./electron-stub.js');
  electron.resetElectron();
  Object.assign(state, { options: [], closed: 0, listFolders: 0, fail: null });
  home = await mkdtemp(join(tmpdir(), 'shoebox-main-'));
  state.photos = join(home, 'photos');
  await mkdir(state.photos);
  await writeFile(join(state.photos, 'a.jpg'), 'jpeg bytes');
  electron.app.home = home;
  electron.app.appPath = join(home, 'app');
  electron.app.ready = new Promise<void>((r) => (release = r));
  vi.stubEnv('SHOEBOX_HOME', '');
  vi.stubEnv('SHOEBOX_MODELS', '');
  vi.stubEnv('SHOEBOX_DEV_URL', '');
  vi.stubEnv('XDG_DATA_HOME', join(home, 'xdg'));
  delete process.env.SHOEBOX_HOME;
  delete process.env.SHOEBOX_MODELS;
  delete process.env.SHOEBOX_DEV_URL;
});
afterEach(async () => {
  process.argv = argv;
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});

describe('main/index.ts', () => {
  it('registers the scheme before ready, then builds core, protocol, session, IPC, menu and window', async () => {
    await boot(['--library', join(home, 'lib')]);
    expect(electron.protocol.privileged).toHaveLength(1);
    expect(state.options).toEqual([]);
    release();
    await vi.waitFor(() => expect(electron.BrowserWindow.windows).toHaveLength(1));
    const opts = state.options[0] as CoreOptions;
    expect(opts.paths.libraryDir).toBe(resolve(home, 'lib'));
    expect(opts.paths.modelsDir).toBe(join(defaultAppDataDir(), 'models')); // shared with the CLI and browser mode
    if (process.platform === 'linux') expect(opts.paths.modelsDir).toBe(join(home, 'xdg', 'shoebox', 'models'));
    expect(opts.watch).toBe(true);
    expect(opts.nativeBinding).toBeUndefined();
    const win = electron.BrowserWindow.windows[0]!;
    expect(win.options.webPreferences?.preload).toBe(join(home, 'app', 'dist', 'preload', 'index.cjs'));
    expect(win.loaded).toEqual({ file: join(home, 'app', 'dist', 'renderer', 'index.html') });
    expect(electron.protocol.handlers.has('shoebox-media')).toBe(true);
    expect(electron.ipcMain.handlers.has('search')).toBe(true);
    expect(electron.session.defaultSession.headersListener).not.toBeNull();
    expect(electron.Menu.current).not.toBeNull();
  });

  it('falls back to SHOEBOX_HOME for the library when --library is absent', async () => {
    process.env.SHOEBOX_HOME = join(home, 'from-env');
    await boot();
    release();
    await vi.waitFor(() => expect(state.options).toHaveLength(1));
    expect((state.options[0] as CoreOptions).paths.libraryDir).toBe(join(home, 'from-env'));
  });

  it('loads the dev server when SHOEBOX_DEV_URL is set and the app is unpackaged', async () => {
    process.env.SHOEBOX_DEV_URL = 'http://127.0.0.1:5173';
    await boot();
    release();
    await vi.waitFor(() => expect(electron.BrowserWindow.windows).toHaveLength(1));
    expect(electron.BrowserWindow.windows[0]!.loaded).toEqual({ url: 'http://127.0.0.1:5173/' });
  });

  it('forwards core events to the window and refreshes media roots when folders change', async () => {
    await boot();
    release();
    await vi.waitFor(() => expect(electron.BrowserWindow.windows).toHaveLength(1));
    const { emit } = state.options[0] as CoreOptions;
    const serve = electron.protocol.handlers.get('shoebox-media')!;
    expect((await serve(new Request('shoebox-media://thumb/1'))).status).toBe(200);
    await serve(new Request('shoebox-media://thumb/2'));
    expect(state.listFolders).toBe(1);
    emit('libraryChanged', { kind: 'tags' });
    await serve(new Request('shoebox-media://thumb/3'));
    expect(state.listFolders).toBe(1);
    emit('libraryChanged', { kind: 'folders' });
    await serve(new Request('shoebox-media://thumb/4'));
    expect(state.listFolders).toBe(2);
    expect(electron.BrowserWindow.windows[0]!.webContents.sent).toEqual([
      ['event:libraryChanged', { kind: 'tags' }],
      ['event:libraryChanged', { kind: 'folders' }],
    ]);
  });

  it('closes core exactly once on quit before letting the app exit', async () => {
    await boot();
    release();
    await vi.waitFor(() => expect(electron.BrowserWindow.windows).toHaveLength(1));
    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.quitCalls).toBe(2));
    expect(state.closed).toBe(1);
  });

  it('focuses the existing window when a second instance starts', async () => {
    await boot();
    release();
    await vi.waitFor(() => expect(electron.BrowserWindow.windows).toHaveLength(1));
    electron.app.emit('second-instance');
    expect(electron.BrowserWindow.windows[0]!.focused).toBe(true);
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.app.gotLock = false;
    await boot();
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(electron.app.quitCalls).toBe(1);
    expect(state.options).toEqual([]);
  });

  it('explains a startup failure in an error box and exits with 1', async () => {
    state.fail = new Error('was compiled against a different Node.js version using NODE_MODULE_VERSION 115');
    await boot();
    release();
    await vi.waitFor(() => expect(electron.app.exitCode).toBe(1));
    expect(electron.dialog.errors[0]?.[1]).toMatch(/scripts\/electron-sqlite\.mjs/);
    expect(electron.BrowserWindow.windows).toEqual([]);
  });
});
