/** Launch decisions: which pages are ours, `--library`, the dev URL, and the Electron build of better-sqlite3. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../main/platform/app-origin.js';
import { launchOptions, libraryArg } from '../../main/platform/launch-options.js';
import { electronSqliteBinding, electronSqlitePath, explainStartupError } from '../../main/platform/native-binding.js';

describe('isAppUrl', () => {
  const built = { rendererDir: join(tmpdir(), 'app', 'dist', 'renderer'), devUrl: null };
  const page = (...parts: string[]) => pathToFileURL(join(built.rendererDir, ...parts)).href;

  it('accepts files inside the renderer folder only', () => {
    expect(isAppUrl(page('index.html'), built)).toBe(true);
    expect(isAppUrl(page('index.html') + '#/tags?x=1', built)).toBe(true);
    expect(isAppUrl(pathToFileURL(built.rendererDir + '-evil/index.html').href, built)).toBe(false);
    expect(isAppUrl(pathToFileURL(join(built.rendererDir, '..', 'main', 'index.cjs')).href, built)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', built)).toBe(false);
    expect(isAppUrl('file://remote-host/share/index.html', built)).toBe(false);
    expect(isAppUrl('::not a url::', built)).toBe(false);
  });

  it('in development accepts the dev server origin only', () => {
    const dev = { ...built, devUrl: 'http://127.0.0.1:5173/' };
    expect(isAppUrl('http://127.0.0.1:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5174/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl(page('index.html'), dev)).toBe(false);
  });
});

describe('launchOptions', () => {
  it('reads --library in both spellings, the last one winning', () => {
    expect(libraryArg(['electron', '.', '--library', '/photos/lib'])).toBe('/photos/lib');
    expect(libraryArg(['shoebox', '--library=/a', '--library', '/b'])).toBe('/b');
    expect(libraryArg(['shoebox', '--library'])).toBeUndefined();
    expect(libraryArg(['shoebox', '--library', '--inspect'])).toBeUndefined();
    expect(libraryArg(['shoebox', '--library='])).toBeUndefined();
  });

  it('honours SHOEBOX_DEV_URL unpackaged, ignores it packaged, and explains a bad one', () => {
    const env = { SHOEBOX_DEV_URL: 'http://127.0.0.1:5173' };
    expect(launchOptions(['x'], env, false)).toEqual({ libraryDir: undefined, devUrl: 'http://127.0.0.1:5173/' });
    expect(launchOptions(['x'], env, true).devUrl).toBeNull();
    expect(launchOptions(['x'], {}, false).devUrl).toBeNull();
    expect(() => launchOptions([], { SHOEBOX_DEV_URL: 'file:///tmp/index.html' }, false)).toThrow(/SHOEBOX_DEV_URL must be an http/);
    expect(() => launchOptions([], { SHOEBOX_DEV_URL: 'vite please' }, false)).toThrow(/is not a URL: vite please/);
  });
});

describe('electronSqliteBinding', () => {
  it('uses the Electron build unpackaged when it exists, the default otherwise', async () => {
    const root = await mkdtemp(join(tmpdir(), 'shoebox-binding-'));
    try {
      const opts = { appRoot: root, electronVersion: '45.4.1', packaged: false };
      expect(electronSqliteBinding(opts)).toBeUndefined();
      const file = electronSqlitePath(root, '45.4.1');
      expect(file).toBe(join(root, '.cache', 'electron-sqlite', '45.4.1', 'better_sqlite3.node'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, 'binary');
      expect(electronSqliteBinding(opts)).toBe(file);
      expect(electronSqliteBinding({ ...opts, packaged: true })).toBeUndefined();
      expect(electronSqliteBinding({ ...opts, electronVersion: '46.0.0' })).toBeUndefined();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('turns an ABI mismatch into the command that fixes it', () => {
    const abi = new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.');
    expect(explainStartupError(abi)).toMatch(/node scripts\/electron-sqlite\.mjs/);
    expect(explainStartupError(new Error('disk full'))).toBe('disk full');
    expect(explainStartupError('plain')).toBe('plain');
  });
});
