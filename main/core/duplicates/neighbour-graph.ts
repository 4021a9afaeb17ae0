/** The ONNX graph that scores a batch of photos against every photo and keeps each one's best matches. */
import onnxProto from 'onnx-proto';
import { valueInfo } from '../search/scan-graph.js';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

/** Input and output names of the neighbour graph. */
export const NEIGHBOUR_IO = {
  /** uint8 [b, dim]: a batch of photos' codes, zero point 128. */
  queries: 'queries',
  /** int8 [dim, n]: every photo's codes, one column each. */
  matrix: 'matrix',
  /** float [n]: each column's scale (its row of int8 codes times it is its unit vector). */
  scales: 'scales',
  /** int64 [1]: matches kept per photo. */
  k: 'k',
  topValues: 'top_values',
  topIndices: 'top_indices',
} as const;

/**
 * top = TopK((queries − 128) · matrix · scales, k) along each row: MatMulInteger's u8×s8 path (the search index's
 * kernel, batched), so the work is a few large integer matrix products instead of one scan per photo. Each row's
 * values times its own query scale are cosines.
 */
export function neighbourGraphBytes(dim: number): Uint8Array {
  const io = NEIGHBOUR_IO;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'shoebox-neighbours',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'int8_neighbours',
      node: [
        { opType: 'MatMulInteger', input: [io.queries, io.matrix, 'zero'], output: ['dots'] },
        {
          opType: 'Cast',
          input: ['dots'],
          output: ['dots_f'],
          attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }],
        },
        { opType: 'Mul', input: ['dots_f', io.scales], output: ['scores'] },
        { opType: 'TopK', input: ['scores', io.k], output: [io.topValues, io.topIndices] },
      ],
      input: [
        valueInfo(io.queries, T.UINT8, ['b', dim]),
        valueInfo(io.matrix, T.INT8, [dim, 'n']),
        valueInfo(io.scales, T.FLOAT, ['n']),
        valueInfo(io.k, T.INT64, [1]),
      ],
      output: [valueInfo(io.topValues, T.FLOAT, ['b', 'k']), valueInfo(io.topIndices, T.INT64, ['b', 'k'])],
      initializer: [{ name: 'zero', dims: [], dataType: T.UINT8, rawData: new Uint8Array([128]) }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
