/**
 * Is a library root really there? Before anything in a folder is marked missing, its root must be reachable, a
 * directory, not suspiciously empty, and on the drive it was added from. Otherwise the folder is offline and
 * nothing in it changes.
 */
import { readdir, stat } from 'node:fs/promises';
import type { Db } from '../catalog/db.js';
import type { FolderRow } from '../catalog/folders.js';
import { isIgnoredName } from './file-kinds.js';

/** The verdict on a root: online (with its current device id), or offline with a reason a person can act on. */
export type RootHealth = { online: true; deviceId: string } | { online: false; reason: string };

/** How many present photos are sampled to tell "same drive, new device number" from "a different drive". */
const deviceSample = 8;

function presentCount(db: Db, folderId: number): number {
  const row = db.prepare(`SELECT COUNT(*) AS n FROM photos WHERE folder_id = ? AND presence = 'present'`).get(folderId);
  return (row as { n: number }).n;
}

/** Whether some of the folder's present photos are on disk with their recorded size (the drive is the same). */
async function knownPhotosThere(db: Db, folderId: number): Promise<boolean> {
  const sample = db
    .prepare(`SELECT path, size FROM photos WHERE folder_id = ? AND presence = 'present' ORDER BY id LIMIT ?`)
    .all(folderId, deviceSample) as { path: string; size: number }[];
  for (const p of sample) {
    const st = await stat(p.path).catch(() => null);
    if (st?.isFile() && st.size === p.size) return true;
  }
  return false;
}

/**
 * Checks a folder's root. A different device number alone does not make it offline when the folder's known photos
 * are still there (device numbers of removable drives can change between mounts); otherwise a different drive is
 * mounted at the same place.
 */
export async function checkRoot(db: Db, folder: FolderRow): Promise<RootHealth> {
  const st = await stat(folder.path).catch((err: NodeJS.ErrnoException) => err);
  if (st instanceof Error) {
    if (st.code === 'EACCES' || st.code === 'EPERM') {
      return { online: false, reason: `Shoebox is not allowed to read ${folder.path}. Check the folder's permissions.` };
    }
    return { online: false, reason: 'The folder is not reachable — reconnect the drive.' };
  }
  if (!st.isDirectory()) {
    return { online: false, reason: `${folder.path} is no longer a folder. Reconnect the drive, or remove the folder.` };
  }
  const present = presentCount(db, folder.id);
  if (present > 0) {
    const names = await readdir(folder.path).catch(() => [] as string[]);
    if (!names.some((n) => !isIgnoredName(n))) {
      return {
        online: false,
        reason: `The folder is empty although ${present} photo${present === 1 ? ' was' : 's were'} here — reconnect the drive, or remove the folder if ${present === 1 ? 'it was' : 'they were'} deleted on purpose.`,
      };
    }
  }
  const deviceId = String(st.dev);
  if (folder.deviceId !== null && folder.deviceId !== deviceId && present > 0 && !(await knownPhotosThere(db, folder.id))) {
    return { online: false, reason: 'A different drive is mounted at this folder — reconnect the original drive.' };
  }
  return { online: true, deviceId };
}
