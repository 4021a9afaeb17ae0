/** The SigLIP vision tower: CHW float tensors in, L2-normalised embeddings out, batched as the export allows. */
import type ort from 'onnxruntime-node';
import { folderFile, preprocessFile, type ModelFolder } from './model-folder.js';
import { openSession, type ProviderName, type ProviderSetting } from './session.js';
import { batchLimit, floatTensor, normalisedRows, pickByName, showShape, statedDim, tensorInfos, type TensorInfo } from './tensor-io.js';

/** Input names of the known exports: Immich, then transformers.js. */
const IMAGE_INPUTS = ['image', 'pixel_values'] as const;
/** Output names in order of preference: normalised Immich, HF/transformers.js, older Immich exports. */
const EMBEDDING_OUTPUTS = ['embedding', 'image_embeds', 'pooler_output', 'image_embedding'] as const;
/**
 * Images per run when the export leaves the batch dynamic: 8 on a GPU; 4 on the CPU, where larger batches only
 * spill the caches. On 2 cores, 2026-12-04: the bench's Xenova fp32 limit, five runs, batch 4 at or above batch 8 in
 * every one (+3.4 % on average); its int8 tower as the product opens it, four alternating rounds: batch 1 / 4 / 8
 * 9.8–11.0 / 11.4–12.1 / 10.4–11.4 photos/s.
 */
function dynamicBatch(provider: ProviderName): number {
  return provider === 'cpu' ? 4 : 8;
}

/** What the checks on a loaded vision session found. */
interface VisionShape {
  input: TensorInfo;
  output: string;
  stated: number | undefined;
  batch: { maxBatch: number; fixed: boolean };
}

/** Checks the session's names, dtypes and shapes against the folder; throws a message naming the file and the mismatch. */
function inspect(session: ort.InferenceSession, folder: ModelFolder, provider: ProviderName): VisionShape {
  const file = folderFile(folder, folder.visionPath);
  const inputs = tensorInfos(session.inputMetadata);
  const outputs = tensorInfos(session.outputMetadata);
  const input = pickByName(inputs, IMAGE_INPUTS) ?? (inputs.length === 1 ? inputs[0] : undefined);
  if (!input) throw new Error(`${file} has no image input (inputs: ${inputs.map((i) => i.name).join(', ')})`);
  const extra = inputs.filter((i) => i !== input).map((i) => `'${i.name}'`);
  if (extra.length > 0) throw new Error(`${file} has inputs the app cannot feed: ${extra.join(', ')}`);
  if (input.type !== 'float32' && input.type !== 'float16')
    throw new Error(`${file} input '${input.name}' is ${input.type}, expected float32`);
  const s = folder.imageSize;
  const [, c, h, w] = input.shape;
  const fits = (d: number | string | undefined, want: number): boolean => typeof d !== 'number' || d === want;
  if (input.shape.length !== 4 || !fits(c, 3) || !fits(h, s) || !fits(w, s)) {
    const got = input.shape.length === 4 ? `${c}×${h}×${w}` : showShape(input.shape);
    throw new Error(`${file} input '${input.name}' expects ${got} but ${preprocessFile(folder)} says ${s}`);
  }
  const out = pickByName(outputs, EMBEDDING_OUTPUTS);
  if (!out) throw new Error(`${file} has no embedding output (outputs: ${outputs.map((o) => o.name).join(', ')})`);
  if (out.shape.length !== 0 && out.shape.length !== 2)
    throw new Error(`${file} output '${out.name}' has shape ${showShape(out.shape)}, expected [batch, dim]`);
  return { input, output: out.name, stated: statedDim(out), batch: batchLimit(input, dynamicBatch(provider)) };
}

/** An open vision session and what it needs: image side, batch limit, embedding size. */
export class VisionTower {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly shape: VisionShape,
    readonly provider: ProviderName,
    readonly imageSize: number,
    readonly dim: number,
  ) {}

  /** Images per run: 1 when the export fixes the batch at 1. */
  get maxBatch(): number {
    return this.shape.batch.maxBatch;
  }

  /** Opens the folder's vision tower on the best provider and checks it against the folder's config. */
  static async open(folder: ModelFolder, opts: { provider: ProviderSetting; threads?: number }): Promise<VisionTower> {
    const { session, provider } = await openSession(folder.visionPath, opts);
    try {
      const shape = inspect(session, folder, provider);
      const tower = new VisionTower(session, shape, provider, folder.imageSize, shape.stated ?? 0);
      if (shape.stated !== undefined) return tower;
      const [probe] = await tower.run([new Float32Array(3 * folder.imageSize ** 2)]);
      return new VisionTower(session, shape, provider, folder.imageSize, probe!.length);
    } catch (e) {
      await session.release();
      throw e;
    }
  }

  /** Embeds CHW tensors of 3×S×S values each; returns one L2-normalised vector per tensor, in order. */
  async embed(tensors: Float32Array[]): Promise<Float32Array[]> {
    const size = 3 * this.imageSize * this.imageSize;
    const bad = tensors.findIndex((t) => t.length !== size);
    if (bad >= 0) throw new Error(`image tensor ${bad} has ${tensors[bad]!.length} values, expected 3×${this.imageSize}×${this.imageSize}`);
    const out: Float32Array[] = [];
    for (let i = 0; i < tensors.length; i += this.maxBatch) out.push(...(await this.run(tensors.slice(i, i + this.maxBatch))));
    return out;
  }

  /** Runs one batch (padded with blank images when the export fixes a larger batch). */
  private async run(batch: Float32Array[]): Promise<Float32Array[]> {
    const { input, output, batch: limit } = this.shape;
    const rows = limit.fixed ? limit.maxBatch : batch.length;
    const size = 3 * this.imageSize * this.imageSize;
    const data = new Float32Array(rows * size);
    batch.forEach((t, i) => data.set(t, i * size));
    const result = await this.session.run({ [input.name]: floatTensor(input.type, data, [rows, 3, this.imageSize, this.imageSize]) });
    const tensor = result[output]!;
    const dim = tensor.dims.at(-1) ?? 0;
    return normalisedRows(tensor, rows, dim).slice(0, batch.length);
  }

  /** Frees the session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
