// One truth for the counters: status bar text, progress numbers, `shoebox status --json` and the API agree at each step.
import { execFile } from 'node:child_process';
import { copyFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress, LibraryStatus } from '../../preload/contract.js';
import { statusLine } from '../../renderer/store/selectors.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/shoebox.mjs', import.meta.url));

describe('counters', () => {
  let fx: FixtureManifest;
  let t: TestCore;
  let photos: string;

  beforeAll(async () => {
    fx = await fixtures();
    t = await tempCore();
    must(await t.core.api.useModel(must(await t.core.api.importModel(fx.immichModel)).id));
    photos = await t.copyIn(fx.photos, 'photos');
    must(await t.core.api.addFolder(photos));
    await t.core.idle();
  });
  afterAll(() => t.cleanup());

  const cliStatus = async (): Promise<LibraryStatus> => {
    const env = { ...process.env, SHOEBOX_MODELS: t.paths.modelsDir };
    const { stdout } = await run(process.execPath, [BIN, 'status', '--json', '--library', t.paths.libraryDir], { env });
    return JSON.parse(stdout) as LibraryStatus;
  };

  /** Rescans, waits, then checks every view of the counts against the others and returns them. */
  const step = async (): Promise<LibraryStatus['counts']> => {
    for (const f of must(await t.core.api.listFolders())) must(await t.core.api.rescanFolder(f.id));
    await t.core.idle();
    const status = must(await t.core.api.status());
    const progress = must(await t.core.api.jobProgress());
    const c = status.counts;
    expect(progress).toMatchObject({ state: 'idle', total: c.photos, done: c.indexed + c.errors });
    expect(c.pending).toBe(0);
    expect((await cliStatus()).counts).toEqual(c);
    const line = statusLine(status);
    expect(line).toContain(`${c.photos} photos · ${c.indexed} searchable`);
    if (c.errors > 0) expect(line).toContain(`${c.errors} failed`);
    if (c.missing > 0) expect(line).toContain(`${c.missing} missing`);
    const runs = t.events.filter((e) => e.event === 'jobProgress').map((e) => e.payload as JobProgress);
    for (const p of runs) expect(p.total).toBeLessThanOrEqual(c.photos + c.missing);
    t.events.length = 0;
    return c;
  };

  it('agree after the first index, after adding, deleting and failing files', async () => {
    const good = fx.photosManifest.photos.length;
    const bad = fx.photosManifest.broken.filter((b) => b.expect === 'error').length;
    const first = await step();
    expect(first).toMatchObject({ photos: good + bad, indexed: good, errors: bad, missing: 0 });

    const [a, b, c] = fx.photosManifest.photos.filter((p) => p.format === 'jpeg');
    await copyFile(join(fx.photos, a!.file), join(photos, 'added-1.jpg'));
    await copyFile(join(fx.photos, b!.file), join(photos, 'added-2.jpg'));
    expect(await step()).toMatchObject({ photos: good + bad + 2, indexed: good + 2, errors: bad });

    await unlink(join(photos, c!.file));
    await unlink(join(photos, 'added-1.jpg'));
    expect(await step()).toMatchObject({ photos: good + bad, indexed: good, errors: bad, missing: 2 });

    await writeFile(join(photos, 'garbled.jpg'), Buffer.from('\xff\xd8\xff\xe0 not really a jpeg at all', 'latin1'));
    expect(await step()).toMatchObject({ photos: good + bad + 1, indexed: good, errors: bad + 1, missing: 2 });
  });
});
