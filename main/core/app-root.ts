/** The folder Shoebox runs from (the repository, or the packaged app): where `resources/` and `dist/` live. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | null = null;

/**
 * The nearest folder above this module holding `package.json`: the repository root when run from the TypeScript
 * sources (main/core/) or from a bundle (dist/main/), the app root when packaged. Bundles define `import.meta.url`
 * as their own file's URL, so both layouts resolve the same way.
 */
export function appRoot(): string {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  found = dir;
  return dir;
}
