/** electron-builder.yml: validated by electron-builder's own schema, then a real `--dir` build with a stand-in Electron. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain, buildPreload, root } from '../../scripts/bundles.mjs';

interface BuilderConfig {
  npmRebuild?: boolean;
  asarUnpack?: string[];
  files?: string[];
  [key: string]: unknown;
}
const builder = createRequire(join(root, 'package.json'));
const { getConfig, validateConfiguration } = builder('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = builder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

/** @electron/fuses' marker before the fuse wire (version byte, length byte, then one '0'/'1' per fuse). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

describe('electron-builder.yml schema', () => {
  let config: BuilderConfig;
  beforeAll(async () => {
    config = await getConfig(root, null, null);
  });

  it('passes electron-builder validation and rebuilds natives for Electron', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.npmRebuild).toBe(true);
    // Fuses: everything a packaged app does not need is off; runAsNode stays (child_process.fork of the workers).
    expect(config.electronFuses).toMatchObject({
      runAsNode: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/onnxruntime-node/**']));
  });

  it('fails fast on an unknown key', async () => {
    await expect(validateConfiguration({ ...config, iconz: 'x' }, new DebugLogger(false))).rejects.toThrow(/unknown property 'iconz'/);
  });
});

describe('electron-builder --dir with a stand-in Electron', () => {
  let work: string;
  let resources: string;
  let result: ReturnType<typeof spawnSync>;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'shoebox-builder-'));
    await mkdir(join(work, 'electron'));
    // A stand-in binary carrying a fuse wire like Electron 45's (its defaults), so electron-builder can flip the fuses.
    await writeFile(
      join(work, 'electron', 'electron'),
      Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]),
    );
    await chmod(join(work, 'electron', 'electron'), 0o755);
    await buildPreload();
    await buildMain();
    result = spawnSync(
      join(root, 'node_modules', '.bin', 'electron-builder'),
      [
        '--dir',
        '--linux',
        '--x64',
        `-c.electronDist=${join(work, 'electron')}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${join(work, 'out')}`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 240_000 },
    );
    resources = join(work, 'out', 'linux-unpacked', 'resources');
  }, 300_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('packages the app', () => {
    const tail = `${String(result.stdout)}\n${String(result.stderr)}`.split('\n').slice(-30).join('\n');
    expect(result.status, `electron-builder failed:\n${tail}`).toBe(0);
  });

  it('flips the fuses in the packaged binary: runAsNode and file:// privileges on, the other six as configured', async () => {
    const binary = await readFile(join(work, 'out', 'linux-unpacked', 'shoebox'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, V8Snapshot (inherited), FileProtocol
    expect(binary.subarray(at + 2, at + 10).toString()).toBe('11001101');
  });

  it('keeps native modules outside the asar, with only this platform and arch of onnxruntime', async () => {
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules');
    expect(existsSync(join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'sharp', 'package.json'))).toBe(true);
    expect(existsSync(join(unpacked, '@img', 'sharp-linux-x64', 'package.json'))).toBe(true);
    expect(existsSync(join(unpacked, 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64', 'onnxruntime_binding.node'))).toBe(true);
    const napi = join(unpacked, 'onnxruntime-node', 'bin', 'napi-v6');
    expect(await readdir(napi)).toEqual(['linux']);
    expect(await readdir(join(napi, 'linux'))).toEqual(['x64']);
  });

  it('ships the bundles, runtime dependencies and resources, but no weights, sources, maps or build tools', () => {
    const asar = builder('@electron/asar') as { listPackage(file: string, options?: object): string[] };
    const files = asar.listPackage(join(resources, 'app.asar'), {}).map((f) => f.replaceAll('\\', '/'));
    for (const needed of [
      '/dist/main/index.cjs',
      '/dist/main/index-worker.cjs',
      '/dist/preload/index.cjs',
      '/resources/models/model-list.json',
      '/node_modules/bindings/package.json',
      '/package.json',
    ]) {
      expect(files, needed).toContain(needed);
    }
    const forbidden = files.filter(
      (f) =>
        /\.(onnx|safetensors|map|ts)$/.test(f) ||
        /^\/(main|preload|renderer|test|scripts)\//.test(f) ||
        /\/node_modules\/(tsx|esbuild|@esbuild|vitest|electron|react|react-dom|zustand|zod|undici|ws|chokidar|exifr|sax|onnx-proto|protobufjs|@huggingface)\//.test(
          f,
        ),
    );
    expect(forbidden).toEqual([]);
  });

  it('ships in node_modules only the native runtime dependencies and what they load (everything else is bundled)', async () => {
    const asar = builder('@electron/asar') as { listPackage(file: string, options?: object): string[] };
    const inAsar = asar.listPackage(join(resources, 'app.asar'), {}).map((f) => f.replaceAll('\\', '/'));
    const top = new Set(
      inAsar.map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter((m): m is string => m !== undefined),
    );
    const unpacked = await readdir(join(resources, 'app.asar.unpacked', 'node_modules'));
    console.log(`packaged node_modules (asar): ${[...top].sort().join(', ')}; unpacked: ${unpacked.sort().join(', ')}`);
    const runtime = ['better-sqlite3', 'sharp', 'onnxruntime-node', 'heic-decode'];
    for (const name of runtime) expect([...top, ...unpacked].some((m) => m === name)).toBe(true);
    const bundled = ['zod', 'undici', 'ws', 'chokidar', 'exifr', 'sax', 'onnx-proto', 'protobufjs', '@huggingface/tokenizers'];
    expect([...top].filter((m) => bundled.includes(m))).toEqual([]);
  });
});
