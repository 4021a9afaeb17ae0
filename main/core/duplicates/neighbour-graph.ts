/** The ONNX graph that scores a batch of photos against a block of photos and keeps each one's best matches. */
import onnxProto from 'onnx-proto';
import { valueInfo } from '../search/scan-graph.js';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

/** Input and output names of the neighbour graph. */
export const NEIGHBOUR_IO = {
  /** uint8 [b, dim]: a batch of photos' codes, zero point 128. */
  queries: 'queries',
  /** int8 [dim, n]: a block of photos' codes, one column each. */
  block: 'block',
  /** int64 [1]: matches kept per photo. */
  k: 'k',
  topValues: 'top_values',
  topIndices: 'top_indices',
} as const;

/**
 * top = TopK((queries − 128) · block, k) along each row, on the int32 products themselves: every photo shares one
 * quantisation scale, so the integer dot already ranks like the cosine and no float pass over the b × n scores is
 * needed. MatMulInteger's u8×s8 path is the search index's kernel, batched.
 */
export function neighbourGraphBytes(dim: number): Uint8Array {
  const io = NEIGHBOUR_IO;
  return encodeGraph('int8_neighbours', {
    node: [
      { opType: 'MatMulInteger', input: [io.queries, io.block, 'zero'], output: ['dots'] },
      { opType: 'TopK', input: ['dots', io.k], output: [io.topValues, io.topIndices] },
    ],
    input: [valueInfo(io.queries, T.UINT8, ['b', dim]), valueInfo(io.block, T.INT8, [dim, 'n']), valueInfo(io.k, T.INT64, [1])],
    output: [valueInfo(io.topValues, T.INT32, ['b', 'k']), valueInfo(io.topIndices, T.INT64, ['b', 'k'])],
    initializer: [{ name: 'zero', dims: [], dataType: T.UINT8, rawData: new Uint8Array([128]) }],
  });
}

/** A graph projecting float rows [b, dim] by the constant `projection` [dim, out] (the sketches of neighbours.ts). */
export function projectionGraphBytes(dim: number, out: number, projection: Float32Array): Uint8Array {
  const rawData = new Uint8Array(projection.buffer, projection.byteOffset, projection.byteLength);
  return encodeGraph('sketch', {
    node: [{ opType: 'MatMul', input: ['rows', 'projection'], output: ['sketches'] }],
    input: [valueInfo('rows', T.FLOAT, ['b', dim])],
    output: [valueInfo('sketches', T.FLOAT, ['b', out])],
    initializer: [{ name: 'projection', dims: [dim, out], dataType: T.FLOAT, rawData }],
  });
}

/** One opset-17 model around `graph`, as bytes an InferenceSession takes. */
function encodeGraph(name: string, graph: Omit<onnxProto.onnx.IGraphProto, 'name'>): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: `shoebox-${name}`,
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name, ...graph },
  });
  return onnx.ModelProto.encode(model).finish();
}
