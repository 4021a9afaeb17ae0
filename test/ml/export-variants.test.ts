/** Towers on export variants the fixtures lack: a batch fixed above 1, an unstated embedding size, an attention_mask input, int8. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { cosine, l2normalize } from '../../main/core/ml/scores.js';
import { TextTower } from '../../main/core/ml/text-tower.js';
import { SiglipTokenizer } from '../../main/core/ml/tokenizer.js';
import { VisionTower } from '../../main/core/ml/vision-tower.js';
import { GraphBuilder } from '../fixtures/onnx-graph.js';
import { writeModel } from '../fixtures/onnx-writer.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';

const DIM = 5;
/** A small deterministic matrix of `rows` × DIM. */
const matrix = (rows: number, salt: number): Float32Array => Float32Array.from({ length: rows * DIM }, (_, i) => ((i * 7 + salt) % 11) - 5);

/** y = x · m for a row vector x. */
function times(x: number[], m: Float32Array): Float32Array {
  const out = new Float32Array(DIM);
  x.forEach((v, r) => {
    for (let c = 0; c < DIM; c++) out[c]! += v * m[r * DIM + c]!;
  });
  return out;
}

let fx: FixtureManifest;
let scratch: string;
beforeAll(async () => {
  fx = await fixtures();
  scratch = await mkdtemp(join(tmpdir(), 'shoebox-variants-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('export variants', () => {
  it('pads a batch fixed at 4 and learns an unstated embedding size by running once', async () => {
    const dir = join(scratch, 'batch4');
    await cp(fx.immichModel, dir, { recursive: true });
    const size = fx.models.immich.imageSize;
    const proj = matrix(3, 1);
    const g = new GraphBuilder('batch4_vision');
    const mean = g.op('ReduceMean', [g.input('image', 'float32', [4, 3, size, size])], { axes: [2, 3], keepdims: 0 });
    g.output('image_embedding', g.op('MatMul', [mean, g.f32('proj', [3, DIM], proj)]), 'float32', [4, 'embed_dim']);
    await writeModel(g, join(dir, 'visual', 'model.onnx'));
    const tower = await VisionTower.open(await readModelFolder(dir), { provider: 'cpu' });
    try {
      expect([tower.maxBatch, tower.dim]).toEqual([4, DIM]);
      const colours = [
        [0.1, 0.2, 0.3],
        [-0.5, 0.5, 0.9],
        [0.9, -0.9, 0],
        [0.3, 0.3, -0.2],
        [-0.1, 0.7, 0.4],
      ];
      const images = colours.map((rgb) => {
        const t = new Float32Array(3 * size * size);
        rgb.forEach((v, c) => t.fill(v, c * size * size, (c + 1) * size * size));
        return t;
      });
      const out = await tower.embed(images);
      expect(out).toHaveLength(5);
      out.forEach((v, i) => {
        const want = l2normalize(times(colours[i]!, proj));
        v.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
      });
    } finally {
      await tower.release();
    }
  });

  it('feeds an attention_mask of ones when the text export asks for one', async () => {
    const dir = join(scratch, 'mask');
    await cp(fx.xenovaModel, dir, { recursive: true });
    const [w, v] = [matrix(64, 2), matrix(64, 3)];
    const g = new GraphBuilder('mask_text');
    const ids = g.op('Cast', [g.input('input_ids', 'int64', ['batch_size', 64])], { to: 1 });
    const mask = g.op('Cast', [g.input('attention_mask', 'int64', ['batch_size', 64])], { to: 1 });
    const pooled = g.op('Add', [g.op('MatMul', [ids, g.f32('w', [64, DIM], w)]), g.op('MatMul', [mask, g.f32('v', [64, DIM], v)])]);
    g.output('pooler_output', pooled, 'float32', ['batch_size', DIM]);
    await writeModel(g, join(dir, 'onnx', 'text_model.onnx'));
    const folder = await readModelFolder(dir);
    const tower = await TextTower.open(folder, { provider: 'cpu' });
    try {
      const [red] = await tower.embed(['red']);
      const tok = await SiglipTokenizer.load(folder.tokenizerPath, folder.tokenizerConfigPath, 64);
      const ones = times(Array<number>(64).fill(1), v);
      const want = l2normalize(times(tok.encode('red'), w).map((x, i) => x + ones[i]!));
      red!.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 4));
    } finally {
      await tower.release();
    }
  });

  it('runs the int8 towers close to fp32', async () => {
    const [fp32, int8] = await Promise.all([readModelFolder(fx.xenovaModel, 'fp32'), readModelFolder(fx.xenovaModel, 'int8')]);
    const embed = async (folder: typeof fp32): Promise<Float32Array> => {
      const tower = await TextTower.open(folder, { provider: 'cpu' });
      const [v] = await tower.embed(['a red car on the beach']);
      await tower.release();
      return v!;
    };
    expect(cosine(await embed(fp32), await embed(int8))).toBeGreaterThan(0.98);
  });
});
