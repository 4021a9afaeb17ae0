/** Which paths may become library roots: absolute, existing, readable directories that do not nest with another root. */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import type { Result } from '../../../preload/contract.js';

/** An accepted root: its normalised path and the device it lives on. */
export interface NewRoot {
  path: string;
  deviceId: string;
}

function contains(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/**
 * Checks that `input` can be added next to the `existing` roots. Nesting is judged on both the paths as given and
 * their real paths, so a symlink cannot sneak one root inside another.
 */
export async function validateNewRoot(input: string, existing: readonly string[]): Promise<Result<NewRoot>> {
  const fail = (code: 'invalid_input' | 'not_found' | 'conflict' | 'io', message: string): Result<NewRoot> => ({
    ok: false,
    error: { code, message },
  });
  if (typeof input !== 'string' || input.trim() === '' || !isAbsolute(input.trim())) {
    return fail('invalid_input', 'Choose a folder by its full path (for example /home/you/Pictures).');
  }
  const path = resolve(input.trim());
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => err);
  if (st instanceof Error) {
    if (st.code === 'ENOENT' || st.code === 'ENOTDIR') return fail('not_found', `The folder ${path} does not exist.`);
    return fail('io', `Shoebox cannot open ${path} (${st.code ?? st.message}). Check that it is reachable and readable.`);
  }
  if (!st.isDirectory()) return fail('invalid_input', `${path} is a file, not a folder. Choose the folder that holds your photos.`);
  const readable = await access(path, constants.R_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!readable) return fail('io', `Shoebox is not allowed to read ${path}. Check the folder's permissions.`);
  const real = await realpath(path);
  for (const other of existing) {
    const otherReal = await realpath(other).catch(() => other);
    if (other === path || otherReal === real) return fail('conflict', `${path} is already in the library.`);
    if (contains(other, path) || contains(otherReal, real)) {
      return fail('conflict', `${path} is inside ${other}, which is already in the library: its photos are already included.`);
    }
    if (contains(path, other) || contains(real, otherReal)) {
      return fail('conflict', `${path} contains ${other}, which is already in the library. Remove ${other} first, then add ${path}.`);
    }
  }
  return { ok: true, value: { path, deviceId: String(st.dev) } };
}
