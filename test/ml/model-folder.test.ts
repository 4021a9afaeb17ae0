/** readModelFolder on both fixture layouts, precision choice, and the exact reasons for broken folders. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFolderError, readModelFolder } from '../../main/core/ml/model-folder.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';

let fx: FixtureManifest;
let scratch: string;

beforeAll(async () => {
  fx = await fixtures();
  scratch = await mkdtemp(join(tmpdir(), 'shoebox-model-folder-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A copy of a fixture model folder that a test may break. */
async function copyOf(src: string, name: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(src, dir, { recursive: true });
  return dir;
}

/** The reason readModelFolder gives for `dir`, failing when it does not throw a ModelFolderError. */
async function reasonFor(dir: string, precision?: 'fp16' | 'int8'): Promise<string> {
  const err = await readModelFolder(dir, precision).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelFolderError);
  return (err as ModelFolderError).reason;
}

describe('readModelFolder', () => {
  it('reads the Immich layout', async () => {
    const f = await readModelFolder(fx.immichModel);
    const info = fx.models.immich;
    expect(f.layout).toBe('immich');
    expect(f.visionPath).toBe(join(fx.immichModel, 'visual', 'model.onnx'));
    expect(f.textPath).toBe(join(fx.immichModel, 'textual', 'model.onnx'));
    expect(f.tokenizerPath).toBe(join(fx.immichModel, 'textual', 'tokenizer.json'));
    expect(f.tokenizerConfigPath).toBe(join(fx.immichModel, 'textual', 'tokenizer_config.json'));
    expect(f.availablePrecisions).toEqual(['fp32']);
    expect([f.imageSize, f.contextLength, f.embedDim]).toEqual([info.imageSize, info.contextLength, info.embedDim]);
    expect(f.mean).toEqual([0.5, 0.5, 0.5]);
    expect(f.std).toEqual([0.5, 0.5, 0.5]);
  });

  it('reads the transformers.js layout and picks towers by precision', async () => {
    const f = await readModelFolder(fx.xenovaModel);
    const info = fx.models.xenova;
    expect(f.layout).toBe('xenova');
    expect(f.availablePrecisions).toEqual(['fp32', 'int8']);
    expect(f.visionPath).toBe(join(fx.xenovaModel, 'onnx', 'vision_model.onnx'));
    expect(f.tokenizerPath).toBe(join(fx.xenovaModel, 'tokenizer.json'));
    expect(f.tokenizerConfigPath).toBe(join(fx.xenovaModel, 'tokenizer_config.json'));
    expect([f.imageSize, f.contextLength, f.embedDim]).toEqual([info.imageSize, info.contextLength, info.embedDim]);
    const q = await readModelFolder(fx.xenovaModel, 'int8');
    expect(q.visionPath).toBe(join(fx.xenovaModel, 'onnx', 'vision_model_quantized.onnx'));
    expect(q.textPath).toBe(join(fx.xenovaModel, 'onnx', 'text_model_quantized.onnx'));
    expect(await reasonFor(fx.xenovaModel, 'fp16')).toBe('onnx/vision_model_fp16.onnx is missing');
    expect(await reasonFor(fx.immichModel, 'int8')).toBe('Immich exports hold fp32 towers only, and no int8 towers were made from them');
  });

  it('falls back to int8 when only quantized towers are present', async () => {
    const dir = await copyOf(fx.xenovaModel, 'xenova-int8-only');
    await rm(join(dir, 'onnx', 'text_model.onnx'));
    const f = await readModelFolder(dir);
    expect(f.availablePrecisions).toEqual(['int8']);
    expect(f.textPath).toBe(join(dir, 'onnx', 'text_model_quantized.onnx'));
  });

  it('names the missing file', async () => {
    const dir = await copyOf(fx.immichModel, 'immich-no-text');
    await rm(join(dir, 'textual', 'model.onnx'));
    expect(await reasonFor(dir)).toBe('textual/model.onnx is missing');
    const x = await copyOf(fx.xenovaModel, 'xenova-no-tokenizer');
    await rm(join(x, 'tokenizer.json'));
    expect(await reasonFor(x)).toBe('tokenizer.json is missing');
  });

  it('names the bad config entry', async () => {
    const dir = await copyOf(fx.immichModel, 'immich-bad-cfg');
    const cfgPath = join(dir, 'visual', 'preprocess_cfg.json');
    const cfg = JSON.parse(await readFile(cfgPath, 'utf8')) as Record<string, unknown>;
    delete cfg.size;
    await writeFile(cfgPath, JSON.stringify(cfg));
    expect(await reasonFor(dir)).toBe('visual/preprocess_cfg.json has no size');
    await writeFile(cfgPath, JSON.stringify({ ...cfg, size: [32, 48] }));
    expect(await reasonFor(dir)).toBe('visual/preprocess_cfg.json size [32,48] is not a square image size');
    await writeFile(cfgPath, '{ nope');
    expect(await reasonFor(dir)).toMatch(/^visual\/preprocess_cfg\.json is not a JSON object/);
    await writeFile(join(dir, 'config.json'), JSON.stringify({ embed_dim: 16, text_cfg: {} }));
    await writeFile(cfgPath, JSON.stringify({ ...cfg, size: 32 }));
    expect(await reasonFor(dir)).toBe('config.json has no text_cfg.context_length');
  });

  it('refuses a folder in neither layout', async () => {
    expect(await reasonFor(scratch)).toBe('has neither visual/ + textual/ (Immich layout) nor onnx/ (transformers.js layout)');
    expect(await reasonFor(join(scratch, 'absent'))).toBe('is not a folder');
  });
});
