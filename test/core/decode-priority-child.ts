/**
 * Test child, run by decode-priority.test.ts: decodes photos, lowers its decode threads, decodes more (libvips may
 * start threads then), and prints one JSON line: how many were lowered and every thread's name and nice value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { lowerDecodeThreads } from '../../main/core/jobs/decode-priority.js';

const dir = await mkdtemp(join(tmpdir(), 'shoebox-priority-'));
const photo = (i: number): Promise<unknown> =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 40 * i, g: 90, b: 160 } } })
    .jpeg()
    .toFile(join(dir, `${i}.jpg`))
    .then(() =>
      sharp(join(dir, `${i}.jpg`))
        .resize(256, 256)
        .raw()
        .toBuffer(),
    );

await Promise.all([0, 1].map(photo));
const lowered = lowerDecodeThreads();
await Promise.all([2, 3, 4, 5].map(photo));
/** Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value. */
const threads = readdirSync('/proc/self/task').map((tid) => {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return {
    name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(),
    nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]),
    main: Number(tid) === process.pid,
  };
});
console.log(JSON.stringify({ lowered, threads }));
