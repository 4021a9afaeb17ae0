/** The app with a damaged catalog: a dialog offers the newest good snapshot, restores it (damaged file kept aside) or quits. */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshotCatalog } from '../../main/core/catalog/backup.js';
import { openCatalog } from '../../main/core/catalog/db.js';
import type { CoreOptions } from '../../main/core/core.js';

vi.mock('electron', () => import('./electron-stub.js'));

const state = vi.hoisted(() => ({ opened: 0 }));

// Core is stood in for past the catalog: the real open check runs, so a damaged catalog really is refused.
vi.mock('../../main/core/core.js', () => {
  return {
    createCore: async (options: CoreOptions) => {
      const { openLibraryCatalog } = await import('../../main/core/catalog/open-library-catalog.js');
      const db = await openLibraryCatalog(options.paths);
      const tags = (db.prepare('SELECT COUNT(*) AS n FROM photo_tags').get() as { n: number }).n;
      db.close();
      state.opened = tags;
      return {
        api: { listFolders: async () => ({ ok: true, value: [] }) },
        invoke: async () => ({ ok: true }),
        resolveMedia: async () => null,
        close: async () => {},
      };
    },
  };
});

let electron: typeof import('./electron-stub.js');
let home: string;
let lib: string;
const argv = process.argv;

async function boot(): Promise<void> {
  process.argv = [...argv.slice(0, 1), '.', '--library', lib];
  await import('../../main/index.js');
}

beforeEach(async () => {
  vi.resetModules();
  electron = (await import('electron')) as unknown as typeof import('./electron-stub.js');
  electron.resetElectron();
  state.opened = -1;
  home = await mkdtemp(join(tmpdir(), 'shoebox-restore-app-'));
  electron.app.home = home;
  electron.app.appPath = join(home, 'app');
  lib = join(home, 'lib');
  // A real library with one tagged photo and a snapshot of it, then its catalog overwritten with junk.
  const db = openCatalog(join(lib, 'catalog.db'));
  db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/photos', 0)`).run();
  db.prepare(`INSERT INTO photos (folder_id, path, size, mtime_ms, added_at, updated_at) VALUES (1, '/photos/a.jpg', 1, 0, 0, 0)`).run();
  db.prepare(`INSERT INTO tags (name, created_at) VALUES ('Holiday', 0)`).run();
  db.prepare(`INSERT INTO photo_tags (photo_id, tag_id, source, created_at) VALUES (1, 1, 'manual', 0)`).run();
  await snapshotCatalog(db, join(lib, 'snapshots'), Date.UTC(2026, 0, 2, 3, 4));
  db.close();
  await writeFile(join(lib, 'catalog.db'), Buffer.alloc(8192, 0x41));
});
afterEach(async () => {
  process.argv = argv;
  await rm(home, { recursive: true, force: true });
});

describe('a damaged catalog in the app', () => {
  it('offers the newest good snapshot with its date and counts, restores it and starts', async () => {
    electron.dialog.nextResponse = 0;
    await boot();
    await vi.waitFor(() => expect(electron.BrowserWindow.windows).toHaveLength(1));
    const box = electron.dialog.messageBoxes[0]!;
    expect(box.detail).toContain('2 Jan 2026, 03:04 UTC (1 photo, 1 tag on 1 photo)');
    expect(box.buttons).toEqual(['Restore the snapshot', 'Quit']);
    expect(state.opened).toBe(1);
    expect((await readdir(lib)).some((f) => f.startsWith('catalog.db.damaged-'))).toBe(true);
  });

  it('quits without touching anything when the person chooses Quit', async () => {
    electron.dialog.nextResponse = 1;
    await boot();
    await vi.waitFor(() => expect(electron.app.exitCode).toBe(1));
    expect(electron.dialog.messageBoxes).toHaveLength(1);
    expect(electron.dialog.errors).toEqual([]);
    expect(electron.BrowserWindow.windows).toEqual([]);
    expect(state.opened).toBe(-1);
    expect((await readdir(lib)).filter((f) => f.startsWith('catalog.db'))).toEqual(['catalog.db']);
    expect(existsSync(join(lib, 'snapshots'))).toBe(true);
  });
});
