// The indexing child's decode threads go behind the model's: real libuv and libvips threads of a real process.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DECODE_NICE, lowerDecodeThreads } from '../../main/core/jobs/decode-priority.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./decode-priority-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Seen {
  lowered: number;
  threads: { name: string; nice: number; main: boolean }[];
}

describe('decode threads behind the model', () => {
  it.runIf(process.platform === 'linux')('lowers libuv and libvips threads, those started later too, and nothing else', async () => {
    const { stdout } = await run(process.execPath, ['--import', TSX, CHILD], { encoding: 'utf8' });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as Seen;
    const decoders = seen.threads.filter((t) => t.name === 'libuv-worker' || t.name === 'libvips worker');
    expect(seen.lowered).toBeGreaterThanOrEqual(4); // libuv's pool, started by the first decodes
    expect(decoders.length).toBeGreaterThan(seen.lowered - 1);
    expect(decoders.map((t) => t.nice)).toEqual(decoders.map(() => DECODE_NICE));
    const others = seen.threads.filter((t) => !decoders.includes(t));
    expect(others.find((t) => t.main)?.nice).toBe(0);
    expect(others.map((t) => t.nice)).toEqual(others.map(() => 0));
  });

  it('changes nothing where threads have no priority of their own', () => {
    expect(lowerDecodeThreads('darwin')).toBe(0);
    expect(lowerDecodeThreads('win32')).toBe(0);
  });
});
