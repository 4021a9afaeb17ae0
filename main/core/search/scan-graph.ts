/** Builds, in memory, the ONNX graph that scores one block of the int8 matrix against a query and takes its top k. */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

/** Input names of the scan graph. */
export const SCAN_INPUTS = {
  /** uint8 [1, dim]: the query codes, zero point 128. */
  query: 'query',
  /** int8 [dim, n]: one column-major block of the matrix. */
  matrix: 'matrix',
  /** float [n]: per-column dequantisation scale. */
  scales: 'scales',
  /** float [n]: added to each score; −∞ keeps a column out (unused or filtered). */
  bias: 'bias',
  /** int64 [1]: how many best columns to return. */
  k: 'k',
} as const;

/** Output names of the scan graph. */
export const SCAN_OUTPUTS = { scores: 'scores', topValues: 'top_values', topIndices: 'top_indices' } as const;

/** A graph input or output of `elemType` with the given dims (a string is a symbolic dimension). */
export function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/**
 * scores[c] = (Σ_j (query_j − 128) · matrix[j, c]) · scales[c] + bias[c]; top = TopK(scores, k).
 * MatMulInteger with a uint8 left side and int8 right side is MLAS's fast (u8s8) path. Scores are "raw": times the
 * query's factor (quantizeQuery) they are cosines. Only the live block is scanned this way (see scan-ort.ts).
 */
export function scanGraphBytes(dim: number): Uint8Array {
  const I = SCAN_INPUTS;
  const O = SCAN_OUTPUTS;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'shoebox-vector-scan',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'int8_scan',
      node: [
        { opType: 'MatMulInteger', input: [I.query, I.matrix, 'query_zero'], output: ['dots'] },
        {
          opType: 'Cast',
          input: ['dots'],
          output: ['dots_f'],
          attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }],
        },
        { opType: 'Squeeze', input: ['dots_f', 'axis0'], output: ['dots_1d'] },
        { opType: 'Mul', input: ['dots_1d', I.scales], output: ['scaled'] },
        { opType: 'Add', input: ['scaled', I.bias], output: [O.scores] },
        { opType: 'TopK', input: [O.scores, I.k], output: [O.topValues, O.topIndices] },
      ],
      input: [
        valueInfo(I.query, T.UINT8, [1, dim]),
        valueInfo(I.matrix, T.INT8, [dim, 'n']),
        valueInfo(I.scales, T.FLOAT, ['n']),
        valueInfo(I.bias, T.FLOAT, ['n']),
        valueInfo(I.k, T.INT64, [1]),
      ],
      output: [valueInfo(O.scores, T.FLOAT, ['n']), valueInfo(O.topValues, T.FLOAT, ['k']), valueInfo(O.topIndices, T.INT64, ['k'])],
      initializer: [
        { name: 'query_zero', dims: [], dataType: T.UINT8, rawData: new Uint8Array([128]) },
        { name: 'axis0', dims: [1], dataType: T.INT64, int64Data: [0] },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
