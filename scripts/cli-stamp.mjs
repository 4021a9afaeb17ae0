// The command line bundle's stamp: the size and times of every file the bundle in dist/cli was built from or wrote.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (scripts/..). */
const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the command line and the children it forks are bundled (the children are looked up beside the CLI). */
export const cliDir = join(root, 'dist', 'cli');

/** The bundled command line. */
export const cliBundle = join(cliDir, 'shoebox.cjs');

/** The bundle's stamp. */
export const stampFile = join(cliDir, 'stamp.json');

/**
 * A file's identity: size, modification time and change time, in nanoseconds. Any write changes the change time,
 * which no tool can set back, so an edited file never matches its old stamp (a checkout that rewrites a file with
 * the same content does not match either: that only costs a rebuild).
 */
export function fileStamp(file) {
  const s = statSync(file, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** Writes a file in one step (a temporary file, then a rename), so a concurrent run never reads half of it. */
export function writeAtomically(file, contents) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

/** Records the current identity of `files` (absolute paths) in `stamp`. */
export function writeStamp(stamp, files) {
  writeAtomically(stamp, JSON.stringify({ files: Object.fromEntries(files.map((f) => [f, fileStamp(f)])) }));
}

/** Whether every file recorded in `stamp` still exists, unchanged (false when there is no stamp). */
export function stampMatches(stamp) {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stamp, 'utf8')).files;
  } catch {
    return false;
  }
  try {
    return Object.entries(recorded).every(([file, seen]) => fileStamp(file) === seen);
  } catch {
    return false; // a source or an output is gone
  }
}

/** Whether dist/cli is exactly what a build made from the sources as they are now (false when never built). */
export function bundleIsFresh() {
  return stampMatches(stampFile);
}
