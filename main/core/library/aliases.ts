/**
 * Symlinks that lead back inside their own root are aliases: what they show is already in the library under its
 * real path, so scans and watchers skip it (this also ends symlink loops). Links leading outside are followed.
 */
import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';

/** A library root with its real path resolved once. */
export interface RootPaths {
  root: string;
  rootReal: string;
}

/** Resolves the real path of a root (the root itself when it cannot be resolved). */
export async function rootPaths(root: string): Promise<RootPaths> {
  return { root, rootReal: await realpath(root).catch(() => root) };
}

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** Whether `path` (below the root) really is another path of the same root reached through a symlink. */
export async function isAlias(path: string, paths: RootPaths): Promise<boolean> {
  const real = await realpath(path).catch(() => null);
  if (real === null || !inside(real, paths.rootReal)) return false;
  return relative(paths.rootReal, real) !== relative(paths.root, path);
}
