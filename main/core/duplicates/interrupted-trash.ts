/** At start: files a crash left in the trash mid-resolve (their photos never left the catalog) go back where they were. */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../catalog/db.js';
import type { Logger } from '../ports.js';
import { restoreFromTrash } from './trash.js';

interface PendingRow {
  id: number;
  original: string;
  trashDir: string;
  pid: number;
}

/**
 * Puts back every file noted in `trash_pending`: the resolve that moved it never committed, so its photo, tags and
 * vectors are still in the catalog and only the file is missing. Rows of a process still running are its own business. A file whose place is taken again, or that is no
 * longer in the trash, is logged and left alone. Returns how many came back.
 */
export async function putBackInterruptedTrash(db: Db, log: Logger): Promise<number> {
  const rows = db.prepare(`SELECT id, original, trash_dir AS trashDir, pid FROM trash_pending ORDER BY id`).all() as PendingRow[];
  let back = 0;
  for (const row of rows) {
    if (row.pid !== process.pid && isAlive(row.pid)) continue; // another Shoebox (the app, a CLI) is resolving it now
    if (!existsSync(row.original)) {
      const found = await newestTrashEntry(row.trashDir, row.original);
      if (found === null) log.warn('a photo moved to the trash before a crash is no longer there', { path: row.original });
      else
        await restoreFromTrash({ original: row.original, ...found }).then(
          () => back++,
          (err: unknown) =>
            log.warn('a photo moved to the trash before a crash could not be put back', { path: row.original, error: String(err) }),
        );
    }
    db.prepare(`DELETE FROM trash_pending WHERE id = ?`).run(row.id);
  }
  if (back > 0) log.info('put back photos a crash had left in the trash', { count: back });
  return back;
}

/** The newest entry of the freedesktop trash at `trashDir` whose info names `original`, or null. */
async function newestTrashEntry(trashDir: string, original: string): Promise<{ file: string; info: string } | null> {
  const infos = join(trashDir, 'info');
  const names = await readdir(infos).catch(() => [] as string[]);
  let best: { file: string; info: string; mtime: number } | null = null;
  for (const name of names.filter((n) => n.endsWith('.trashinfo'))) {
    const info = join(infos, name);
    const text = await readFile(info, 'utf8').catch(() => '');
    const path = /^Path=(.*)$/m.exec(text)?.[1];
    if (path === undefined || safeDecode(path) !== original) continue;
    const file = join(trashDir, 'files', name.slice(0, -'.trashinfo'.length));
    const mtime = await stat(info).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    if (existsSync(file) && (best === null || mtime > best.mtime)) best = { file, info, mtime };
  }
  return best && { file: best.file, info: best.info };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeDecode(path: string): string | null {
  try {
    return decodeURI(path);
  } catch {
    return null;
  }
}
