/**
 * The inotify watch-limit fallback against a real kernel limit: a child library watches a tree in a user namespace
 * allowed fewer inotify watches than the tree has directories, must switch that folder to rescans and still see changes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import { listFolders } from '../../main/core/catalog/folders.js';
import { photoAt, waitFor, writePhoto } from './harness.js';
import type { ChildReport } from './watch-limit-child.js';
import { skipWithout } from '../helpers/required-tool.js';

/** Watches allowed in the child's namespace; the tree has 133 directories plus its photo files. */
const LIMIT = 50;
const CHILD = fileURLToPath(new URL('./watch-limit-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const LIMIT_FILE = '/proc/sys/user/max_inotify_watches';

/** Null when `unshare -U -r` can lower the inotify watch limit here, else why not (the tests skip, or fail under CI). */
function probeUnshare(): string | null {
  if (process.platform !== 'linux') return `needs Linux user namespaces (this is ${process.platform})`;
  const r = spawnSync('unshare', ['-U', '-r', 'sh', '-c', `echo ${LIMIT} > ${LIMIT_FILE} && cat ${LIMIT_FILE}`], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (r.error) return `could not run unshare (${r.error.message})`;
  if (r.status !== 0) return `unshare -U -r could not lower ${LIMIT_FILE} (exit ${r.status}: ${r.stderr.trim()})`;
  if (r.stdout.trim() !== String(LIMIT)) return `${LIMIT_FILE} reads ${r.stdout.trim()} after lowering it to ${LIMIT}`;
  return null;
}

const skip = skipWithout(
  'unshare (user namespaces)',
  probeUnshare(),
  'apt-get install -y util-linux, and allow unprivileged user namespaces',
);

/** A temp library root with 12 × 10 nested directories and four small JPEGs, and where its catalog goes. */
async function makeTree(): Promise<{ dir: string; root: string; catalog: string; deepDir: string; doomed: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-watch-limit-'));
  const root = join(dir, 'Pictures');
  for (let i = 0; i < 12; i++) for (let j = 0; j < 10; j++) mkdirSync(join(root, `year-${i}`, `event-${j}`), { recursive: true });
  const deepDir = join(root, 'year-11', 'event-9');
  const doomed = join(root, 'year-6', 'event-4', 'doomed.jpg');
  await writePhoto(join(root, 'top.jpg'), { r: 200, g: 10, b: 10 });
  await writePhoto(join(root, 'year-0', 'event-0', 'first.jpg'), { r: 10, g: 200, b: 10 });
  await writePhoto(join(deepDir, 'old.jpg'), { r: 10, g: 10, b: 200 });
  await writePhoto(doomed, { r: 120, g: 120, b: 0 });
  return { dir, root, catalog: join(dir, 'catalog.db'), deepDir, doomed };
}

/** A running child library and everything it reported. */
interface ChildRun {
  reports: ChildReport[];
  stderr: string[];
  /** Resolves with the first report (past or future) matching `pred`; rejects if the child exits first or on timeout. */
  until<T extends ChildReport>(what: string, pred: (r: ChildReport) => r is T, timeoutMs?: number): Promise<T>;
  /** How many inotify watches the child holds right now. */
  watches(): Promise<number>;
  /** Closes the child's stdin (it stops watching and closes the catalog) and resolves with its exit code. */
  end(): Promise<number | null>;
}

let children: ChildProcess[] = [];
let dirs: string[] = [];
let dbs: Db[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const db of dbs) db.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  children = [];
  dirs = [];
  dbs = [];
});

/** Starts the child in a fresh user namespace, lowering its inotify watch limit to `limit` unless null. */
function startChild(root: string, catalog: string, limit: number | null, rescanIntervalMs: number): ChildRun {
  const lower = `if [ "$1" != none ]; then echo "$1" > ${LIMIT_FILE} || exit 97; fi; shift; exec "$@"`;
  const args = [
    '-U',
    '-r',
    'sh',
    '-c',
    lower,
    'sh',
    String(limit ?? 'none'),
    process.execPath,
    '--import',
    TSX,
    CHILD,
    root,
    catalog,
    String(rescanIntervalMs),
  ];
  const child = spawn('unshare', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const reports: ChildReport[] = [];
  const stderr: string[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    reports.push(JSON.parse(line) as ChildReport);
    for (const l of listeners) l();
  });
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const run: ChildRun = {
    reports,
    stderr,
    until: (what, pred, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const done = (fn: () => void): void => {
          listeners.delete(check);
          clearTimeout(timer);
          fn();
        };
        const check = (): void => {
          const hit = reports.find(pred);
          if (hit) done(() => resolve(hit));
        };
        const why = () => `${what}; reports: ${JSON.stringify(reports.slice(-5))}; stderr: ${stderr.join('\n')}`;
        const timer = setTimeout(() => done(() => reject(new Error(`Timed out waiting for ${why()}`))), timeoutMs);
        void exited.then((code) => done(() => reject(new Error(`Child exited (${code}) before ${why()}`))));
        listeners.add(check);
        check();
      }),
    watches: async () => {
      const from = reports.length;
      child.stdin.write('watches\n');
      const isCount = (r: ChildReport): r is Extract<ChildReport, { type: 'inotify' }> =>
        r.type === 'inotify' && reports.indexOf(r) >= from;
      return (await run.until('an inotify watch count', isCount)).watches;
    },
    end: () => {
      child.stdin.end();
      return exited;
    },
  };
  return run;
}

const isWatching = (r: ChildReport): r is Extract<ChildReport, { type: 'watching' }> => r.type === 'watching';
const isRescanFolders = (r: ChildReport): r is Extract<ChildReport, { type: 'folders' }> =>
  r.type === 'folders' && r.folders.some((f) => f.watchMode === 'rescan');
const isFallbackLog = (r: ChildReport): r is Extract<ChildReport, { type: 'log' }> =>
  r.type === 'log' && r.message === 'library: watching fell back to rescans';

/** Opens the child's catalog read-only (WAL lets it read while the child writes). */
function readCatalog(file: string): Db {
  const db = openCatalog(file, { readonly: true });
  dbs.push(db);
  return db;
}

describe.skipIf(skip)('inotify watch-limit fallback (real kernel limit via unshare)', () => {
  it(`with only ${LIMIT} watches allowed, switches the folder to rescans and still catalogues an add and a delete deep in the tree`, async () => {
    const tree = await makeTree();
    dirs.push(tree.dir);
    const run = startChild(tree.root, tree.catalog, LIMIT, 300);
    const watching = await run.until('the child to start watching', isWatching);
    expect(watching.inotifyLimit).toBe(String(LIMIT));

    // The switch is emitted as a folders change, and the catalog row says why.
    const switched = await run.until('a folders change reporting rescan mode', isRescanFolders);
    const reason = switched.folders.find((f) => f.id === watching.folderId)!.watchReason!;
    expect(reason).toMatch(/limit on watched files was reached \(ENOSPC\)/);
    expect(reason).toMatch(/rescans this folder every 300 ms/);
    expect(reason).toMatch(/max_user_watches/);
    expect((await run.until('the fallback warning', isFallbackLog)).data?.error).toMatch(/ENOSPC/);
    // The half-built watcher is gone and has given its watches back (other programs of this user need them).
    expect(await run.watches()).toBe(0);
    const db = readCatalog(tree.catalog);
    const folderNow = () => listFolders(db).find((f) => f.id === watching.folderId)!;
    expect(folderNow()).toMatchObject({ watchMode: 'rescan', watchReason: reason, photoCount: 4 });
    const scannedBefore = folderNow().lastScanAt!;

    // Changes in directories that could never be watched are still found, by the periodic rescans.
    const added = join(tree.deepDir, 'deeper', 'new.jpg');
    await writePhoto(added, { r: 0, g: 90, b: 90 });
    unlinkSync(tree.doomed);
    await waitFor('the deep new photo in the catalog', () => photoAt(db, added)?.presence === 'present', 8_000);
    await waitFor('the deleted photo marked missing', () => photoAt(db, tree.doomed)?.presence === 'missing', 8_000);
    expect(folderNow()).toMatchObject({ watchMode: 'rescan', photoCount: 4, missingCount: 1 });
    expect(folderNow().lastScanAt!).toBeGreaterThan(scannedBefore);
    expect(run.reports.filter((r) => r.type === 'log' && r.level === 'error')).toEqual([]);
    expect(await run.end()).toBe(0);
  });

  it('control: the same tree in the same kind of namespace, without the lowered limit, is watched with events', async () => {
    const tree = await makeTree();
    dirs.push(tree.dir);
    // Rescans an hour apart: whatever is picked up below came from watcher events.
    const run = startChild(tree.root, tree.catalog, null, 3_600_000);
    const watching = await run.until('the child to start watching', isWatching);
    expect(Number(watching.inotifyLimit)).toBeGreaterThan(1000);
    const db = readCatalog(tree.catalog);
    const folderNow = () => listFolders(db).find((f) => f.id === watching.folderId)!;
    expect(folderNow()).toMatchObject({ watchMode: 'events', watchReason: null, photoCount: 4 });
    // chokidar holds one watch per directory (133) and one per file, far above the limit of the other test.
    expect(await run.watches()).toBeGreaterThan(133);

    const added = join(tree.deepDir, 'deeper', 'new.jpg');
    await writePhoto(added, { r: 0, g: 90, b: 90 });
    unlinkSync(tree.doomed);
    await waitFor('the deep new photo in the catalog', () => photoAt(db, added)?.presence === 'present', 8_000);
    await waitFor('the deleted photo marked missing', () => photoAt(db, tree.doomed)?.presence === 'missing', 8_000);
    expect(folderNow()).toMatchObject({ watchMode: 'events', watchReason: null, photoCount: 4, missingCount: 1 });
    expect(run.reports.some(isRescanFolders)).toBe(false);
    expect(run.reports.some(isFallbackLog)).toBe(false);
    expect(run.reports.filter((r) => r.type === 'log' && r.level !== 'info')).toEqual([]);
    expect(await run.end()).toBe(0);
  });
});
