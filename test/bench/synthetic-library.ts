/** A synthetic catalog of N photos (no files behind them) for the benchmarks that measure work growing with the library. */
import type { Db } from '../../main/core/catalog/db.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { DIM } from './search-data.js';
import { Rng } from './stats.js';

/** The model every synthetic photo is embedded by. */
export const LIBRARY_MODEL = 'bench-library';
/** The model half the synthetic photos are embedded by (a switch in progress). */
export const LIBRARY_NEXT_MODEL = 'bench-library-next';
/** Directories the photos are spread over. */
export const LIBRARY_DIRS = 500;
/** Share of the photos marked missing. */
export const LIBRARY_MISSING_SHARE = 0.1;
const BATCH = 20_000;

/**
 * Fills `db` with N photos in LIBRARY_DIRS directories (under 10 year folders) of two folders, every one embedded by
 * LIBRARY_MODEL, half by LIBRARY_NEXT_MODEL, 10 % missing; unread (the reading stage still to come) unless `read`.
 */
export function fillLibrary(db: Db, n: number, { read = false } = {}): void {
  const folders = [insertFolder(db, '/bench/a', null), insertFolder(db, '/bench/b', null)];
  const photo = db.prepare(
    `INSERT INTO photos (id, folder_id, path, size, mtime_ms, presence, missing_since, added_at, updated_at, read_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  );
  const emb = db.prepare(`INSERT INTO embeddings (photo_id, model_id, status, vector, updated_at) VALUES (?, ?, 'done', ?, 0)`);
  const rng = new Rng(7);
  const vector = Buffer.alloc(DIM * 4);
  for (let start = 0; start < n; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const dir = i % LIBRARY_DIRS;
        const folder = folders[dir % 2]!;
        const missing = rng.uniform() < LIBRARY_MISSING_SHARE;
        const path = `/bench/${dir % 2 ? 'b' : 'a'}/y${dir % 10}/d${dir}/IMG_${i}.jpg`;
        const size = 1_000_000 + ((i * 7919) % 4_000_000);
        const mtime = 1_500_000_000_000 + i * 60_000;
        photo.run(i + 1, folder, path, size, mtime, missing ? 'missing' : 'present', missing ? i : null, i, read ? i : null);
        emb.run(i + 1, LIBRARY_MODEL, vector);
        if (i % 2 === 0) emb.run(i + 1, LIBRARY_NEXT_MODEL, vector);
      }
    })();
  }
}
