/** Where an export may write: a folder outside the library, and a free name there for each copy. */
import { mkdir, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, relative, resolve } from 'node:path';
import { fail, ok } from '../result.js';
import type { Result } from '../../../preload/contract.js';

/**
 * Checks (and creates) the export folder: an absolute path, a folder, not inside one of the library's folders (the
 * copies would be added to the library again) and not holding one.
 */
export async function prepareExportFolder(dest: string, libraryFolders: readonly string[]): Promise<Result<string>> {
  if (!isAbsolute(dest)) return fail('invalid_input', `Choose a full folder path to export to (got "${dest}")`);
  const folder = resolve(dest);
  for (const root of libraryFolders) {
    const rel = relative(root, folder);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
      return fail(
        'invalid_input',
        `${folder} is inside your library (${root}): the copies would be added to it again. Choose another folder.`,
      );
    }
    const back = relative(folder, root);
    if (!back.startsWith('..') && !isAbsolute(back)) {
      return fail('invalid_input', `${folder} holds your library folder ${root}: choose a folder of its own for the copies.`);
    }
  }
  try {
    await mkdir(folder, { recursive: true });
    if (!(await stat(folder)).isDirectory()) return fail('invalid_input', `${folder} is a file, not a folder`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'Shoebox may not write there'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : 'it cannot be created';
    return fail('invalid_input', `Cannot export to ${folder}: ${why}.`);
  }
  return ok(folder);
}

/**
 * A file name for a copy of `source` with extension `ext` whose stem no earlier copy of this export took (so each
 * copy's `stem.xmp` sidecar is its own) and that `exists` says is free: "IMG_1.jpg", then "IMG_1 (2).jpg"...
 * Existing files are never overwritten.
 */
export function copyName(source: string, ext: string, takenStems: Set<string>, exists: (name: string) => boolean): string {
  const stem = basename(source, extname(source));
  for (let n = 1; ; n++) {
    const candidate = `${stem}${n === 1 ? '' : ` (${n})`}`;
    const key = candidate.toLowerCase();
    if (!takenStems.has(key) && !exists(`${candidate}${ext}`) && !exists(`${candidate}.xmp`)) {
      takenStems.add(key);
      return `${candidate}${ext}`;
    }
  }
}
