/** Test harness for the library: temp roots, a real catalog, recorded events and index requests, photo makers. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import { createLibrary, type Library, type LibraryOptions } from '../../main/core/library/library.js';
import type { LibraryChange } from '../../preload/contract.js';
import type { Emit } from '../../main/core/ports.js';

/** A library over a fresh catalog plus what it reported. */
export interface Harness {
  dir: string;
  db: Db;
  library: Library;
  indexed: number[][];
  changes: LibraryChange[];
  warnings: string[];
  /** Ids handed to onIndexNeeded so far, flattened. */
  allIndexed(): number[];
  close(): Promise<void>;
}

/** Creates `<tmp>/roots` for photo folders and a library whose catalog lives next to it. */
export function harness(options: LibraryOptions = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-lib-'));
  mkdirSync(join(dir, 'roots'));
  const db = openCatalog(join(dir, 'catalog.db'));
  const indexed: number[][] = [];
  const changes: LibraryChange[] = [];
  const warnings: string[] = [];
  const emit: Emit = (event, payload) => {
    if (event === 'libraryChanged') changes.push(payload as LibraryChange);
  };
  const log = {
    info() {},
    warn: (m: string, d?: Record<string, unknown>) => warnings.push(`${m} ${JSON.stringify(d)}`),
    error: (m: string, d?: Record<string, unknown>) => warnings.push(`ERROR ${m} ${JSON.stringify(d)}`),
  };
  const library = createLibrary({
    db,
    log,
    emit,
    onIndexNeeded: (ids) => indexed.push(ids),
    options: { healthCheckMs: 250, debounceMs: 100, ...options },
  });
  return {
    dir,
    db,
    library,
    indexed,
    changes,
    warnings,
    allIndexed: () => indexed.flat(),
    close: async () => {
      await library.stopWatching();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a small JPEG of one colour (different colours give different bytes and hashes). */
export async function writePhoto(path: string, colour: { r: number; g: number; b: number }, size = 32): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await sharp({ create: { width: size, height: size, channels: 3, background: colour } })
    .jpeg({ quality: 90 })
    .toFile(path);
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One photo row's id/presence/path by path, straight from SQL. */
export function photoAt(db: Db, path: string): { id: number; presence: string; folderId: number } | undefined {
  return db.prepare('SELECT id, presence, folder_id AS folderId FROM photos WHERE path = ?').get(path) as
    { id: number; presence: string; folderId: number } | undefined;
}

/** Number of photo rows, optionally of one presence. */
export function photoCount(db: Db, presence?: 'present' | 'missing'): number {
  const sql = presence ? 'SELECT COUNT(*) AS n FROM photos WHERE presence = ?' : 'SELECT COUNT(*) AS n FROM photos';
  return (db.prepare(sql).get(...(presence ? [presence] : [])) as { n: number }).n;
}
