// Turning XMP write-back on writes the sidecars of photos tagged before (read back with the real exiftool).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers/fixtures.js';
import { skipWithout } from '../helpers/required-tool.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

const run = promisify(execFile);
const hasExiftool = spawnSync('exiftool', ['-ver']).status === 0;
const skip = skipWithout('exiftool', hasExiftool ? null : 'it is not installed', 'apt-get install -y libimage-exiftool-perl');

describe.skipIf(skip)('XMP write-back turned on later', () => {
  let t: TestCore;
  let photos: string;
  let ids: number[];

  beforeAll(async () => {
    const fx = await fixtures();
    t = await tempCore();
    photos = await t.copyIn(fx.photos, 'photos');
    must(await t.core.api.addFolder(photos));
    await t.core.idle();
    ids = must(await t.core.api.listPhotos({ offset: 0, limit: 100 }))
      .photos.filter((p) => p.path.endsWith('.jpg') && !p.error)
      .slice(0, 3)
      .map((p) => p.id);
    // Another tool's sidecar for the first photo: its own keyword and rating must survive.
    const first = must(await t.core.api.getPhoto(ids[0]!)).path;
    await writeFile(first.replace(/\.jpg$/, '.xmp'), OTHER_TOOL_XMP);
    must(await t.core.api.addTags({ photoIds: ids, names: ['Holiday/Beach'] }));
  });
  afterAll(() => t.cleanup());

  const sidecarOf = async (id: number) => must(await t.core.api.getPhoto(id)).path.replace(/\.jpg$/, '.xmp');
  const read = async (file: string) =>
    JSON.parse((await run('exiftool', ['-j', '-XMP-dc:Subject', '-XMP-xmp:Rating', file])).stdout)[0] as {
      Subject?: string | string[];
      Rating?: number;
    };

  it('writes nothing while write-back is off, then every tagged photo once it is turned on', async () => {
    expect(existsSync(await sidecarOf(ids[1]!))).toBe(false);
    must(await t.core.api.updateSettings({ writeXmp: true }));
    await t.core.idle();
    for (const id of ids) {
      const file = await sidecarOf(id);
      await expect.poll(() => existsSync(file), { timeout: 10_000 }).toBe(true);
    }
    await expect.poll(async () => [(await read(await sidecarOf(ids[2]!))).Subject].flat(), { timeout: 10_000 }).toContain('Beach');
    // The background write reported its progress: a start with every tagged photo, then the end.
    const progress = () =>
      t.events.filter((e) => e.event === 'sidecarProgress').map((e) => e.payload as { state: string; done: number; total: number });
    await expect.poll(() => progress().at(-1), { timeout: 10_000 }).toEqual({ state: 'idle', done: ids.length, total: ids.length });
    expect(progress()[0]).toEqual({ state: 'writing', done: 0, total: ids.length });
    const shared = await read(await sidecarOf(ids[0]!));
    expect([shared.Subject].flat()).toEqual(expect.arrayContaining(['Beach', 'sunset-from-lightroom']));
    expect(shared.Rating).toBe(4);
  });

  it('"Write sidecars now" queues every tagged photo again', async () => {
    expect(must(await t.core.api.writeSidecarsNow()).queued).toBe(ids.length);
  });
});

const OTHER_TOOL_XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="4">
   <dc:subject><rdf:Bag><rdf:li>sunset-from-lightroom</rdf:li></rdf:Bag></dc:subject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`;
