/** CLI: photos named on the command line, by id or by path. */
import { resolve } from 'node:path';
import type { CliCore } from './open-core.js';
import { CliExit } from './output.js';

/** The ids of `refs` (ids, or paths of library photos); exits 2 naming the first that is not in the library. */
export function photoIds(core: CliCore['core'], refs: string[]): number[] {
  if (refs.length === 0) throw new CliExit('shoebox: name at least one photo (id or path)', 2);
  return refs.map((r) => {
    const id = /^\d+$/.test(r) ? Number(r) : core.photoIdByPath(resolve(r));
    if (id === null) throw new CliExit(`shoebox: ${r} is not in the library`, 2);
    return id;
  });
}
