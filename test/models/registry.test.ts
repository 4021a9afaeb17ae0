/** Installed models: import (probed, copied, hashed) of good and wrong folders, listing, ModelInfo, removal. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelList } from '../../main/core/ml/model-list.js';
import { importModelFolder } from '../../main/core/ml/import-model.js';
import { getInstalled, listInstalled, listModels, MANIFEST_FILE, removeInstalled, writeManifest } from '../../main/core/ml/registry.js';
import { fixtures } from '../helpers/fixtures.js';
import { cleanTemp, readTree, tempDir } from './harness.js';

let immich: string;
let xenova: string;

/** A copy of a fixture model under `name`, changed by `edit`. */
async function variantOf(source: string, name: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(await tempDir(), name);
  await cp(source, dir, { recursive: true });
  await edit(dir);
  return dir;
}

beforeAll(async () => {
  const f = await fixtures();
  immich = f.immichModel;
  xenova = f.xenovaModel;
});
afterAll(cleanTemp);

describe('importModelFolder', () => {
  it('accepts the Immich fixture: copies it, hashes every file and registers it under the folder name', async () => {
    const modelsDir = await tempDir();
    const source = await variantOf(immich, 'My SigLIP (Immich)', async () => {});
    const result = await importModelFolder(modelsDir, source, { modelList: loadModelList() });
    if (!result.ok) throw new Error(result.error.message);
    const { manifest, dir } = result.value;
    expect(manifest).toMatchObject({
      id: 'my-siglip-immich',
      name: 'My SigLIP (Immich)',
      origin: 'import',
      layout: 'immich',
      precision: 'fp32',
      importedFrom: source,
      revision: null,
    });
    const fixture = (await fixtures()).models.immich;
    expect(manifest).toMatchObject({ embedDim: fixture.embedDim, imageSize: fixture.imageSize, contextLength: fixture.contextLength });
    const tree = await readTree(source);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.keys(tree).sort());
    for (const f of manifest.files) expect(f.sha256).toBe(createHash('sha256').update(tree[f.path]!).digest('hex'));
    await rm(source, { recursive: true });
    expect(existsSync(join(dir, 'textual', 'model.onnx'))).toBe(true);
    expect(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'))).toEqual(manifest);
    expect(await readdir(join(modelsDir, '.partial'))).toEqual([]);
  });

  it('accepts the transformers.js fixture next to it with a unique id, and lists both', async () => {
    const modelsDir = await tempDir();
    const a = await importModelFolder(modelsDir, xenova);
    const b = await importModelFolder(modelsDir, xenova);
    if (!a.ok || !b.ok) throw new Error('import failed');
    expect(a.value.manifest.layout).toBe('xenova');
    expect(b.value.manifest.id).toBe(`${a.value.manifest.id}-2`);
    expect((await listInstalled(modelsDir)).map((m) => m.manifest.id)).toEqual([a.value.manifest.id, b.value.manifest.id]);
    const infos = await listModels({
      modelsDir,
      modelList: loadModelList(),
      active: b.value.manifest.id,
      recommended: 'siglip-base-256-multilingual',
    });
    expect(infos.filter((m) => m.source === 'listed')).toHaveLength(5);
    expect(infos.find((m) => m.id === 'siglip-base-256-multilingual')).toMatchObject({
      installed: false,
      recommended: true,
      active: false,
      gflops: 46.8,
    });
    expect(infos.find((m) => m.id === b.value.manifest.id)).toMatchObject({
      source: 'imported',
      installed: true,
      active: true,
      embedDim: a.value.manifest.embedDim,
    });
  });

  it('refuses a folder missing its text tower, saying which file', async () => {
    const modelsDir = await tempDir();
    const bad = await variantOf(immich, 'no-text', (d) => rm(join(d, 'textual', 'model.onnx')));
    const result = await importModelFolder(modelsDir, bad);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('textual/model.onnx is missing') },
    });
    expect(await listInstalled(modelsDir)).toEqual([]);
  });

  it('refuses a model whose config disagrees with what its towers produce', async () => {
    const modelsDir = await tempDir();
    const bad = await variantOf(immich, 'wrong-dim', async (d) => {
      const config = JSON.parse(await readFile(join(d, 'config.json'), 'utf8'));
      await writeFile(join(d, 'config.json'), JSON.stringify({ ...config, embed_dim: config.embed_dim + 1 }));
    });
    const result = await importModelFolder(modelsDir, bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/config\.json says embedding dim \d+ but the towers produce \d+/);
  });

  it('refuses a folder in neither layout, and one inside the models folder', async () => {
    const modelsDir = await tempDir();
    const empty = join(await tempDir(), 'photos');
    await mkdir(empty);
    expect(await importModelFolder(modelsDir, empty)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('neither visual/ + textual/') },
    });
    expect(await importModelFolder(modelsDir, join(modelsDir, 'x'))).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('removeInstalled', () => {
  it('deletes the model folder and forgets it', async () => {
    const modelsDir = await tempDir();
    const imported = await importModelFolder(modelsDir, immich);
    if (!imported.ok) throw new Error(imported.error.message);
    const { id } = imported.value.manifest;
    expect(await removeInstalled(modelsDir, id)).toBe(true);
    expect(existsSync(imported.value.dir)).toBe(false);
    expect(await getInstalled(modelsDir, id)).toBeNull();
    expect(await removeInstalled(modelsDir, id)).toBe(false);
    expect(await removeInstalled(modelsDir, '../escape')).toBe(false);
  });
});

describe('damaged manifests', () => {
  it('are logged and listed with their reason instead of making the model vanish', async () => {
    const modelsDir = await tempDir();
    const imported = await importModelFolder(modelsDir, immich);
    if (!imported.ok) throw new Error(imported.error.message);
    const id = imported.value.manifest.id;
    await writeFile(join(modelsDir, id, MANIFEST_FILE), '{"id": "truncated');
    await cp(join(modelsDir, id), join(modelsDir, 'siglip-base-256-multilingual'), { recursive: true });
    await writeFile(join(modelsDir, 'siglip-base-256-multilingual', MANIFEST_FILE), JSON.stringify({ id: 'siglip-base-256-multilingual' }));
    await mkdir(join(modelsDir, 'not-a-model'));
    const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
    const log = {
      info() {},
      warn: (message: string, data?: Record<string, unknown>) => lines.push({ level: 'warn', message, data }),
      error() {},
    };
    const infos = await listModels({ modelsDir, modelList: loadModelList(), active: id, recommended: null, log });
    expect(infos.find((m) => m.id === id)).toMatchObject({
      installed: false,
      active: true,
      description: expect.stringContaining('is not valid JSON'),
    });
    expect(infos.find((m) => m.id === 'siglip-base-256-multilingual')).toMatchObject({
      installed: false,
      description: expect.stringMatching(/damaged: .*incomplete \(name: /),
    });
    expect(infos.find((m) => m.id === 'not-a-model')).toBeUndefined();
    expect(lines.map((l) => l.data?.model).sort()).toEqual([id, 'siglip-base-256-multilingual'].sort());
    expect(lines.every((l) => l.level === 'warn' && typeof l.data?.reason === 'string')).toBe(true);
    expect(await getInstalled(modelsDir, id)).toBeNull();
  });
});

describe('writeManifest', () => {
  it('never shows a reader a half-written manifest: the model stays installed while its manifest is rewritten', async () => {
    const modelsDir = await tempDir();
    const result = await importModelFolder(modelsDir, immich, { modelList: loadModelList() });
    if (!result.ok) throw new Error(result.error.message);
    const { dir, manifest } = result.value;
    let writing = true;
    const writes = (async () => {
      for (let i = 0; i < 150; i++) await writeManifest(dir, { ...manifest, name: `${manifest.name} ${'x'.repeat(i % 7)}` });
      writing = false;
    })();
    let reads = 0;
    let missing = 0;
    while (writing) {
      const installed = await getInstalled(modelsDir, manifest.id);
      reads++;
      if (!installed) missing++;
    }
    await writes;
    expect(reads).toBeGreaterThan(20);
    expect(missing).toBe(0);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps a whole manifest when several are written at once (the last one lands, nothing fails)', async () => {
    const modelsDir = await tempDir();
    const result = await importModelFolder(modelsDir, immich, { modelList: loadModelList() });
    if (!result.ok) throw new Error(result.error.message);
    const { dir, manifest } = result.value;
    // Names of different lengths: writes mixed in one file would leave invalid JSON or a name no write gave.
    const names = Array.from({ length: 20 }, (_, i) => `${manifest.name} ${'y'.repeat(i * 37)}`);
    await Promise.all(names.map((name) => writeManifest(dir, { ...manifest, name })));
    const installed = await getInstalled(modelsDir, manifest.id);
    expect(names).toContain(installed?.manifest.name);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
