/** A sidecar that cannot be read does not fail its photo, and is not silent: the reason reaches the log. */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

describe('unreadable XMP sidecar', () => {
  it('reads the photo all the same and logs why its keywords were not imported', async () => {
    const fx = await fixtures();
    t = await tempCore();
    const folder = join(t.root, 'photos');
    await mkdir(folder);
    const first = fx.photosManifest.photos.find((p) => !p.file.includes('/') && p.file.endsWith('.jpg'))!;
    const photo = join(folder, 'IMG_0001.jpg');
    await copyFile(join(fx.photos, first.file), photo);
    await writeFile(join(folder, 'IMG_0001.xmp'), '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><broken');
    must(await t.core.api.addFolder(folder));
    await t.core.idle();

    const status = must(await t.core.api.status());
    expect(status.counts).toMatchObject({ photos: 1, read: 1, errors: 0 });
    const warning = t.logs.find((l) => l.level === 'warn' && l.message.includes('Could not read the XMP sidecar'));
    expect(warning?.message).toContain(photo);
    expect(warning?.message).toMatch(/not a readable XMP packet/);
  });
});
