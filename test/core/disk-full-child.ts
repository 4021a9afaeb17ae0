/**
 * Test child, run by disk-full.test.ts inside `unshare -rm` with a small tmpfs mounted at argv[2]: a library on that
 * tmpfs reads photos (or embeds them with the model in argv[4]) until the disk is full, waits, and goes on once a
 * filler file is deleted. Prints one JSON line of what it saw.
 */
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCatalog } from '../../main/core/catalog/db.js';
import { createCore } from '../../main/core/core.js';
import { resolvePaths } from '../../main/core/paths.js';
import type { Logger } from '../../main/core/ports.js';
import type { JobProgress } from '../../preload/contract.js';

const [root, photos, model] = process.argv.slice(2) as [string, string, string | undefined];
// Models live beside the small disk (only the library is on it).
const paths = resolvePaths({ libraryDir: join(root, 'library'), env: { SHOEBOX_MODELS: `${root}-models` } });
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: (m, d) => console.error(m, d) };
const seen: JobProgress[] = [];
const core = await createCore({ paths, log: quiet, emit: (e, p) => e === 'jobProgress' && seen.push(p as JobProgress), watch: false });
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const until = async (what: string, test: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await test()) return;
  throw new Error(`timed out waiting for ${what}`);
};

// fp32, as the other core tests: the int8 preparation and its re-checks are not what this test is about.
ok(await core.api.updateSettings({ precision: 'fp32' }));
ok(await core.api.pauseIndexing());
if (model) ok(await core.api.useModel(ok(await core.api.importModel(model)).id));
ok(await core.api.addFolder(photos));
const total = ok(await core.api.status()).counts.photos;

// Fill the disk to the last byte, then let indexing run into it.
const filler = join(root, 'filler');
for (let chunk = 1 << 20; chunk >= 512;) {
  try {
    writeFileSync(filler, Buffer.alloc(chunk), { flag: 'a' });
  } catch {
    chunk >>= 1;
  }
}
ok(await core.api.resumeIndexing());
await until('the full-disk message', async () => /disk is full/.test(ok(await core.api.jobProgress()).problem ?? ''));
const whileFull = ok(await core.api.jobProgress());

// What the catalog says of every photo meanwhile: read, failed, or still queued — nothing else.
const db = openCatalog(paths.catalogFile, { readonly: true });
const state = db
  .prepare(
    `SELECT SUM(read_at IS NOT NULL) AS read, SUM(error IS NOT NULL) AS failed,
       (SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')) AS pending FROM photos`,
  )
  .get() as { read: number; failed: number; pending: number };
db.close();

unlinkSync(filler);
await core.idle();
const after = ok(await core.api.status()).counts;
const indexed = after.indexed;
const finalProgress = ok(await core.api.jobProgress());
await core.close();
console.log(
  JSON.stringify({ total, indexed, whileFull, state, after, problemAfter: finalProgress.problem, lastEvent: seen.at(-1)?.problem }),
);
