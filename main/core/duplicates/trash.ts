/** The desktop trash (freedesktop.org Trash spec): files move there with a .trashinfo, and can come back. */
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, extname, join } from 'node:path';

/** Where a trashed file went: the file in `files/` and its record in `info/` (null: the system trash took it). */
export interface TrashedFile {
  original: string;
  file: string | null;
  info: string | null;
}

/** A trash Shoebox manages (a freedesktop trash folder: undo possible) or the system's own (undo from its window). */
export type TrashTarget = { dir: string } | { system: (path: string) => Promise<void> };

/** Moves `path` to `target`'s trash. */
export async function trashFile(path: string, target: TrashTarget): Promise<TrashedFile> {
  if ('dir' in target) return moveToTrash(path, target.dir);
  await target.system(path);
  return { original: path, file: null, info: null };
}

/**
 * The trash folder: $SHOEBOX_TRASH (tests), else $XDG_DATA_HOME/Trash or ~/.local/share/Trash on Linux; null where
 * this trash does not exist (macOS and Windows keep theirs elsewhere, which the desktop app reaches instead).
 */
export function trashDirectory(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | null {
  if (env.SHOEBOX_TRASH) return env.SHOEBOX_TRASH;
  if (platform !== 'linux') return null;
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'Trash');
}

/** Moves `path` into the trash at `trashDir` (a copy and delete when it is on another drive); never deletes outright. */
export async function moveToTrash(path: string, trashDir: string): Promise<TrashedFile> {
  const files = join(trashDir, 'files');
  const infos = join(trashDir, 'info');
  await mkdir(files, { recursive: true });
  await mkdir(infos, { recursive: true });
  const stem = basename(path, extname(path));
  for (let n = 1; ; n++) {
    const name = `${stem}${n === 1 ? '' : `.${n}`}${extname(path)}`;
    const info = join(infos, `${name}.trashinfo`);
    try {
      // The info file is made first and exclusively: it reserves the name, as the spec asks.
      await writeFile(info, `[Trash Info]\nPath=${encodeURI(path)}\nDeletionDate=${localIsoSeconds(new Date())}\n`, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    const file = join(files, name);
    try {
      await moveFile(path, file);
    } catch (err) {
      await rm(info, { force: true });
      throw err;
    }
    return { original: path, file, info };
  }
}

/** Puts a trashed file back where it was; refuses when something else took its place meanwhile. */
export async function restoreFromTrash(t: TrashedFile): Promise<void> {
  if (t.file === null || t.info === null) throw new Error('in the system trash');
  const taken = await stat(t.original).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`${t.original} exists again; the trashed copy stays in the trash`);
  await moveFile(t.file, t.original);
  await rm(t.info, { force: true });
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await rm(from);
  }
}

/** YYYY-MM-DDThh:mm:ss in local time, as the spec writes DeletionDate. */
function localIsoSeconds(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
