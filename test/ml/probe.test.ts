/** probeModelFolder accepts both fixture layouts and refuses broken copies with the exact reason. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeModelFolder } from '../../main/core/ml/probe.js';
import { GraphBuilder } from '../fixtures/onnx-graph.js';
import { writeModel } from '../fixtures/onnx-writer.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';

let fx: FixtureManifest;
let scratch: string;

beforeAll(async () => {
  fx = await fixtures();
  scratch = await mkdtemp(join(tmpdir(), 'shoebox-probe-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A copy of the Immich fixture that a test may break. */
async function immichCopy(name: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(fx.immichModel, dir, { recursive: true });
  return dir;
}

/** An Immich-style vision tower: mean colour of `image` [1,3,S,S] times a 3×dim matrix, optionally through `Log`. */
async function writeVision(path: string, size: number, dim: number, log = false): Promise<void> {
  const g = new GraphBuilder('probe_vision');
  const image = g.input('image', 'float32', [1, 3, size, size]);
  const mean = g.op('ReduceMean', [image], { axes: [2, 3], keepdims: 0 });
  const proj = g.op('MatMul', [
    mean,
    g.f32(
      'proj',
      [3, dim],
      Float32Array.from({ length: 3 * dim }, (_, i) => (i % 7) - 3),
    ),
  ]);
  g.output('embedding', log ? g.op('Log', [proj]) : proj, 'float32', [1, dim]);
  await writeModel(g, path);
}

async function editJson(path: string, edit: (v: Record<string, unknown>) => void): Promise<void> {
  const value = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(value);
  await writeFile(path, JSON.stringify(value));
}

async function reason(dir: string): Promise<string> {
  const result = await probeModelFolder(dir);
  if (result.ok) throw new Error(`${dir} was accepted`);
  return result.reason;
}

describe('probeModelFolder', () => {
  it.each(['immich', 'xenova'] as const)('accepts the %s fixture', async (layout) => {
    const result = await probeModelFolder(layout === 'immich' ? fx.immichModel : fx.xenovaModel);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.dim).toBe(fx.models[layout].embedDim);
      expect(result.folder.layout).toBe(layout);
    }
  });

  it('refuses a preprocess size the vision input does not take', async () => {
    const dir = await immichCopy('wrong-size');
    const size = fx.models.immich.imageSize;
    await editJson(join(dir, 'visual', 'preprocess_cfg.json'), (v) => (v.size = [size + 16, size + 16]));
    expect(await reason(dir)).toBe(
      `visual/model.onnx input 'image' expects 3×${size}×${size} but visual/preprocess_cfg.json says ${size + 16}`,
    );
  });

  it('refuses towers whose embedding sizes differ', async () => {
    const dir = await immichCopy('wrong-dim');
    await writeVision(join(dir, 'visual', 'model.onnx'), fx.models.immich.imageSize, 8);
    expect(await reason(dir)).toBe(`vision embedding dim 8 ≠ text embedding dim ${fx.models.immich.embedDim}`);
  });

  it('refuses towers that disagree with config.json', async () => {
    const dir = await immichCopy('wrong-context');
    await editJson(join(dir, 'config.json'), (v) => ((v.text_cfg as Record<string, unknown>).context_length = 77));
    expect(await reason(dir)).toBe("textual/model.onnx input 'text' expects 64 tokens but config.json says 77");
    await editJson(join(dir, 'config.json'), (v) => {
      (v.text_cfg as Record<string, unknown>).context_length = 64;
      v.embed_dim = 512;
    });
    expect(await reason(dir)).toBe(`config.json says embedding dim 512 but the towers produce ${fx.models.immich.embedDim}`);
  });

  it('refuses a tower that returns non-finite values', async () => {
    const dir = await immichCopy('nan');
    await writeVision(join(dir, 'visual', 'model.onnx'), fx.models.immich.imageSize, fx.models.immich.embedDim, true);
    expect(await reason(dir)).toBe('visual/model.onnx produced non-finite values for a blank image');
  });

  it('refuses unreadable or missing files', async () => {
    const dir = await immichCopy('corrupt');
    await writeFile(join(dir, 'textual', 'model.onnx'), 'not a model');
    expect(await reason(dir)).toMatch(/^textual\/model\.onnx cannot be loaded: .*(Protobuf|parse)/i);
    await rm(join(dir, 'textual', 'model.onnx'));
    expect(await reason(dir)).toBe('textual/model.onnx is missing');
  });
});
