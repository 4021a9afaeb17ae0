/** The suggestion kernel: one onnxruntime MatMul of a page of photo vectors against every concept's prompt vector. */
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { SLEEPING_POOL } from '../ml/sleeping-pool.js';
import { valueInfo } from '../search/scan-graph.js';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

/** cosines [n, C] = photos [n, dim] · prompts [dim, C] (both sides unit vectors, so these are cosines). */
function matmulGraph(dim: number): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'shoebox-suggest',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'suggest_matmul',
      node: [{ opType: 'MatMul', input: ['photos', 'prompts'], output: ['cosines'] }],
      input: [valueInfo('photos', T.FLOAT, ['n', dim]), valueInfo('prompts', T.FLOAT, [dim, 'c'])],
      output: [valueInfo('cosines', T.FLOAT, ['n', 'c'])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Scores pages of photos against a fixed set of prompt vectors. */
export class SuggestKernel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly prompts: ort.Tensor,
    readonly dim: number,
    readonly columns: number,
  ) {}

  /** `prompts`: C unit vectors of length `dim`, row after row. */
  static async create(prompts: Float32Array, dim: number, threads: number): Promise<SuggestKernel> {
    const columns = prompts.length / dim;
    const transposed = new Float32Array(prompts.length);
    for (let c = 0; c < columns; c++) for (let j = 0; j < dim; j++) transposed[j * columns + c] = prompts[c * dim + j]!;
    const session = await ort.InferenceSession.create(matmulGraph(dim), {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      graphOptimizationLevel: 'all',
      extra: SLEEPING_POOL,
    });
    return new SuggestKernel(session, new ort.Tensor('float32', transposed, [dim, columns]), dim, columns);
  }

  /** Row-major [rows × columns] cosines of `rows` photo vectors (row-major [rows × dim]). */
  async score(photos: Float32Array, rows: number): Promise<Float32Array> {
    const out = await this.session.run({ photos: new ort.Tensor('float32', photos, [rows, this.dim]), prompts: this.prompts });
    return out.cosines!.data as Float32Array;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
