/** The SigLIP text tower: strings in, L2-normalised embeddings out, with an LRU cache so retyped queries are instant. */
import type * as ort from 'onnxruntime-node';
import { ort as loadOrt } from './ort.js';
import { folderFile, type ModelFolder } from './model-folder.js';
import { openSession, type ProviderName, type ProviderSetting } from './session.js';
import { batchLimit, normalisedRows, pickByName, showShape, statedDim, tensorInfos, type TensorInfo } from './tensor-io.js';
import { SiglipTokenizer } from './tokenizer.js';

/** Input names of the known exports: Immich, then transformers.js. */
const ID_INPUTS = ['text', 'input_ids'] as const;
/** Output names in order of preference: normalised Immich, HF/transformers.js, older Immich exports. */
const EMBEDDING_OUTPUTS = ['embedding', 'text_embeds', 'pooler_output', 'text_embedding'] as const;
/** Texts per run when the export leaves the batch dynamic. */
const DYNAMIC_BATCH = 16;
/** Query embeddings kept, most recently used last. */
const CACHE_SIZE = 512;

/** What the checks on a loaded text session found. */
interface TextShape {
  ids: TensorInfo;
  mask: TensorInfo | undefined;
  output: string;
  stated: number | undefined;
  batch: { maxBatch: number; fixed: boolean };
}

/** Checks the session's names, dtypes and shapes against the folder; throws a message naming the file and the mismatch. */
function inspect(session: ort.InferenceSession, folder: ModelFolder): TextShape {
  const file = folderFile(folder, folder.textPath);
  const inputs = tensorInfos(session.inputMetadata);
  const outputs = tensorInfos(session.outputMetadata);
  const ids = pickByName(inputs, ID_INPUTS) ?? (inputs.length === 1 ? inputs[0] : undefined);
  if (!ids) throw new Error(`${file} has no token id input (inputs: ${inputs.map((i) => i.name).join(', ')})`);
  const mask = inputs.find((i) => i.name === 'attention_mask');
  const extra = inputs.filter((i) => i !== ids && i !== mask).map((i) => `'${i.name}'`);
  if (extra.length > 0) throw new Error(`${file} has inputs the app cannot feed: ${extra.join(', ')}`);
  if (ids.type !== 'int32' && ids.type !== 'int64') throw new Error(`${file} input '${ids.name}' is ${ids.type}, expected int32 or int64`);
  const length = ids.shape[1];
  if (ids.shape.length !== 2)
    throw new Error(`${file} input '${ids.name}' has shape ${showShape(ids.shape)}, expected [batch, ${folder.contextLength}]`);
  if (typeof length === 'number' && length !== folder.contextLength) {
    throw new Error(`${file} input '${ids.name}' expects ${length} tokens but config.json says ${folder.contextLength}`);
  }
  const out = pickByName(outputs, EMBEDDING_OUTPUTS);
  if (!out) throw new Error(`${file} has no embedding output (outputs: ${outputs.map((o) => o.name).join(', ')})`);
  if (out.shape.length !== 0 && out.shape.length !== 2)
    throw new Error(`${file} output '${out.name}' has shape ${showShape(out.shape)}, expected [batch, dim]`);
  return { ids, mask, output: out.name, stated: statedDim(out), batch: batchLimit(ids, DYNAMIC_BATCH) };
}

/** An int32 or int64 tensor (as the export declares) of `rows` × contextLength values. */
function idTensor(type: ort.Tensor.Type, values: number[], dims: number[]): ort.Tensor {
  return type === 'int64'
    ? new (loadOrt().Tensor)(
        'int64',
        BigInt64Array.from(values, (v) => BigInt(v)),
        dims,
      )
    : new (loadOrt().Tensor)('int32', Int32Array.from(values), dims);
}

/** An open text session with its tokenizer and query cache. */
export class TextTower {
  private readonly cache = new Map<string, Float32Array>();

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly shape: TextShape,
    private readonly tokenizer: SiglipTokenizer,
    readonly provider: ProviderName,
    readonly dim: number,
  ) {}

  /** Opens the folder's text tower and tokenizer on the best provider and checks them against the folder's config. */
  static async open(folder: ModelFolder, opts: { provider: ProviderSetting; threads?: number }): Promise<TextTower> {
    const tokenizer = await SiglipTokenizer.load(folder.tokenizerPath, folder.tokenizerConfigPath, folder.contextLength, folder.layout);
    const { session, provider } = await openSession(folder.textPath, opts);
    try {
      const shape = inspect(session, folder);
      const tower = new TextTower(session, shape, tokenizer, provider, shape.stated ?? 0);
      if (shape.stated !== undefined) return tower;
      const [probe] = await tower.run([tokenizer.encode('')]);
      return new TextTower(session, shape, tokenizer, provider, probe!.length);
    } catch (e) {
      await session.release();
      throw e;
    }
  }

  /** One L2-normalised embedding per text, in order; repeated queries come from the cache. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const keys = texts.map((t) => this.tokenizer.canonicalize(t));
    const found = new Map<string, Float32Array>();
    for (const k of keys) {
      const hit = this.cache.get(k);
      if (hit) found.set(k, hit);
    }
    const missing = [...new Set(keys.filter((k) => !found.has(k)))];
    const limit = this.shape.batch.maxBatch;
    for (let i = 0; i < missing.length; i += limit) {
      const chunk = missing.slice(i, i + limit);
      const vectors = await this.run(chunk.map((k) => this.tokenizer.encode(k)));
      chunk.forEach((k, j) => found.set(k, vectors[j]!));
    }
    for (const [k, v] of found) this.remember(k, v);
    return keys.map((k) => found.get(k)!.slice());
  }

  /** Stores `vector` as the most recently used entry, evicting the oldest beyond the cache size. */
  private remember(key: string, vector: Float32Array): void {
    this.cache.delete(key);
    this.cache.set(key, vector);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Runs one batch of id rows (padded with empty texts when the export fixes a larger batch). */
  private async run(rows: number[][]): Promise<Float32Array[]> {
    const { ids, mask, output, batch } = this.shape;
    const padded = [...rows];
    while (batch.fixed && padded.length < batch.maxBatch) padded.push(this.tokenizer.encode(''));
    const dims = [padded.length, this.tokenizer.contextLength];
    const feeds: Record<string, ort.Tensor> = { [ids.name]: idTensor(ids.type, padded.flat(), dims) };
    if (mask)
      feeds[mask.name] = idTensor(
        mask.type,
        padded.flat().map(() => 1),
        dims,
      );
    const tensor = (await this.session.run(feeds))[output]!;
    return normalisedRows(tensor, padded.length, tensor.dims.at(-1) ?? 0).slice(0, rows.length);
  }

  /** Frees the session and forgets cached queries. */
  async release(): Promise<void> {
    this.cache.clear();
    await this.session.release();
  }
}
