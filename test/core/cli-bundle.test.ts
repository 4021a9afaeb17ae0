// The bundled CLI: its stamp notices any change to a source, it holds every child it forks, and `status` leaves the heavy packages unloaded.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainEntries, root } from '../../scripts/bundles.mjs';
import { buildCli } from '../../scripts/cli-bundle.mjs';
import { bundleIsFresh, cliBundle, cliDir, stampFile, stampMatches, writeStamp } from '../../scripts/cli-stamp.mjs';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/shoebox.mjs', import.meta.url));

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'shoebox-cli-bundle-'));
  if (!bundleIsFresh()) await buildCli();
}, 120_000);
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('the stamp', () => {
  it('matches only while every file is exactly as stamped: a same-size edit with its old mtime put back does not match', async () => {
    const file = join(tmp, 'source.ts');
    const stamp = join(tmp, 'stamp.json');
    await writeFile(file, 'export const a = 1;\n');
    writeStamp(stamp, [file]);
    expect(stampMatches(stamp)).toBe(true);
    const before = await stat(file);
    await writeFile(file, 'export const a = 2;\n');
    await utimes(file, before.atime, before.mtime);
    expect((await stat(file)).size).toBe(before.size);
    expect(stampMatches(stamp)).toBe(false);
    writeStamp(stamp, [file]);
    await rm(file);
    expect(stampMatches(stamp)).toBe(false);
    expect(stampMatches(join(tmp, 'no-stamp.json'))).toBe(false);
  });
});

describe('dist/cli', () => {
  it('stamps the CLI, core and every forked child with their sources and folders, and holds each child beside the CLI', async () => {
    const files = Object.keys((JSON.parse(await readFile(stampFile, 'utf8')) as { files: Record<string, string> }).files);
    const children = mainEntries.filter((e) => e.in !== 'main/index.ts');
    for (const source of ['main/cli.ts', 'main/core/core.ts', 'main/core/jobs', 'scripts/cli-bundle.mjs', ...children.map((e) => e.in)]) {
      expect(files, source).toContain(join(root, source));
    }
    expect(files).toContain(cliBundle);
    for (const child of children) expect(existsSync(join(cliDir, child.out.split('/').pop()!)), child.out).toBe(true);
  });

  it('answers `status` without loading onnxruntime, sharp, the HEIC decoder, undici, ONNX protobufs or ws', async () => {
    const hook = join(tmp, 'loaded.cjs');
    const list = join(tmp, 'loaded.json');
    await writeFile(
      hook,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const { stdout } = await run(process.execPath, ['--require', hook, BIN, 'status', '--json', '--library', join(tmp, 'lib')], {
      env: { ...process.env, SHOEBOX_MODELS: join(tmp, 'models') },
    });
    expect(JSON.parse(stdout)).toMatchObject({ counts: { photos: 0 } });
    const loaded = JSON.parse(await readFile(list, 'utf8')) as string[];
    expect(loaded).toContain(cliBundle);
    const heavy = ['onnxruntime-node', 'sharp', 'heic-decode', 'libheif-js', 'undici', 'onnx-proto', 'ws'];
    expect(loaded.filter((file) => heavy.some((name) => file.includes(`/node_modules/${name}/`)))).toEqual([]);
  });
});
