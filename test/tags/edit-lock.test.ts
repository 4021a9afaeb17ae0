/** Tag edits take the write lock at once (BEGIN IMMEDIATE): CLI edits while a core indexes never fail with "database is locked". */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core.js';
import { fixtures } from '../helpers/fixtures.js';
import { must } from '../helpers/temp-core.js';
import { libraryPaths, openTestCore, shoebox, writeJpegs } from '../catalog/library-fixture.js';
import type { CorePaths } from '../../main/core/paths.js';

const PHOTOS = 3000;
const TRIES = 20;
const AT_ONCE = 4;

let root: string;
let paths: CorePaths;
let core: Core;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shoebox-edit-lock-'));
  await writeJpegs(join(root, 'photos'), PHOTOS);
  paths = libraryPaths(join(root, 'library'), root);
  core = await openTestCore(paths);
  const model = must(await core.api.importModel((await fixtures()).immichModel));
  must(await core.api.useModel(model.id));
}, 300_000);
afterAll(async () => {
  await core.close();
  await rm(root, { recursive: true, force: true });
});

describe('tag edits while indexing', () => {
  it(`${TRIES} CLI tag edits of many photos while a core scans and indexes: 0 failures`, async () => {
    must(await core.api.addFolder(join(root, 'photos')));
    // Wait until the scan has put photos in the catalog and indexing has started writing.
    while ((core.photoIdByPath(join(root, 'photos', `IMG_${PHOTOS - 1}.jpg`)) ?? null) === null)
      await new Promise((r) => setTimeout(r, 50));
    const ids = Array.from({ length: 400 }, (_, i) => String(i + 1));
    const failures: string[] = [];
    const indexingDuring: boolean[] = [];
    for (let round = 0; round < TRIES / AT_ONCE; round++) {
      const runs = Array.from({ length: AT_ONCE }, (_, k) => {
        const n = round * AT_ONCE + k;
        return shoebox(['tags', 'add', `Lock/T${n}`, ...ids, '--library', paths.libraryDir], { SHOEBOX_MODELS: join(root, 'models') });
      });
      for (const r of await Promise.all(runs)) if (r.code !== 0) failures.push(r.stderr);
      const status = must(await core.api.status());
      indexingDuring.push(status.counts.pending > 0);
    }
    expect(failures).toEqual([]);
    // The edits really raced the indexer: it still had photos pending after most rounds.
    expect(indexingDuring.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    await core.idle();
    const tags = must(await core.api.listTags());
    const lock = tags.filter((t) => t.name.startsWith('Lock/'));
    expect(lock).toHaveLength(TRIES);
    for (const t of lock) expect(t.photoCount).toBe(ids.length);
  }, 600_000);
});
