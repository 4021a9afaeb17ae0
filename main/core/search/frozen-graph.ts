/** Builds the graph of a frozen block (as byte chunks): its 4-bit rows are constants of MatMulNBits, prepacked once. */
import onnxProto from 'onnx-proto';
import { NIBBLE_BLOCK, type NibbleBlock } from './nibble-pack.js';
import { withInitializers } from './onnx-append.js';
import { SCAN_OUTPUTS, valueInfo } from './scan-graph.js';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
const INT = onnx.AttributeProto.AttributeType.INT;

/** Input names of the frozen-block graph. */
export const FROZEN_INPUTS = {
  /** float [1, dim]: the query's unit direction. */
  query: 'query_unit',
  /** float [1]: 1 / the query's factor, so scores come out in the live graph's raw units. */
  toRaw: 'to_raw',
  /** float [n]: added to each score; −∞ keeps a column out (dead or filtered). */
  bias: 'bias',
  /** int64 [1]: how many best columns to return. */
  k: 'k',
} as const;

/**
 * scores[c] = (unit query · dequantised unit row c) · to_raw + bias[c]; top = TopK(scores, k). accuracy_level 4 lets
 * MLAS quantise the query to int8 per block and run integer dot products, the path that streams 4-bit weights at
 * memory speed (it was built for LLM token generation, the same one-row-times-matrix shape).
 */
export function frozenGraphParts(dim: number, b: NibbleBlock): Uint8Array[] {
  const I = FROZEN_INPUTS;
  const O = SCAN_OUTPUTS;
  const n = b.rows;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'shoebox-vector-scan',
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    graph: {
      name: 'nibble_scan',
      node: [
        {
          opType: 'MatMulNBits',
          domain: 'com.microsoft',
          input: [I.query, 'rows', 'row_scales'],
          output: ['dots'],
          attribute: [
            { name: 'K', type: INT, i: dim },
            { name: 'N', type: INT, i: n },
            { name: 'bits', type: INT, i: 4 },
            { name: 'block_size', type: INT, i: NIBBLE_BLOCK },
            { name: 'accuracy_level', type: INT, i: 4 },
          ],
        },
        { opType: 'Squeeze', input: ['dots', 'axis0'], output: ['dots_1d'] },
        { opType: 'Mul', input: ['dots_1d', I.toRaw], output: ['raw'] },
        { opType: 'Add', input: ['raw', I.bias], output: [O.scores] },
        { opType: 'TopK', input: [O.scores, I.k], output: [O.topValues, O.topIndices] },
      ],
      input: [
        valueInfo(I.query, T.FLOAT, [1, dim]),
        valueInfo(I.toRaw, T.FLOAT, [1]),
        valueInfo(I.bias, T.FLOAT, [n]),
        valueInfo(I.k, T.INT64, [1]),
      ],
      output: [valueInfo(O.scores, T.FLOAT, [n]), valueInfo(O.topValues, T.FLOAT, ['k']), valueInfo(O.topIndices, T.INT64, ['k'])],
      initializer: [{ name: 'axis0', dims: [1], dataType: T.INT64, int64Data: [0] }],
    },
  });
  return withInitializers(onnx.ModelProto.encode(model).finish(), [
    { name: 'row_scales', dataType: T.FLOAT, dims: [n * b.blocksPerRow], data: b.scales },
    { name: 'rows', dataType: T.UINT8, dims: [n, b.blocksPerRow, NIBBLE_BLOCK / 2], data: b.packed },
  ]);
}
