/** Builds the graph of a frozen block (as byte chunks): its int8 codes are a constant that MatMulInteger prepacks once. */
import onnxProto from 'onnx-proto';
import type { MatrixBlock } from './int8-matrix.js';
import { withInitializers } from './onnx-append.js';
import { SCAN_INPUTS, scanGraphBytes } from './scan-graph.js';

const { onnx } = onnxProto;

/**
 * The live scan graph (scan-graph.ts) with `matrix` turned from an input into an initializer holding `block`'s
 * column-major codes [dim, capacity]: same inputs otherwise, same raw scores, bit for bit.
 */
export function frozenGraphParts(dim: number, block: Pick<MatrixBlock, 'codes' | 'capacity'>): Uint8Array[] {
  const live = onnx.ModelProto.decode(scanGraphBytes(dim));
  live.graph!.input = live.graph!.input!.filter((i) => i.name !== SCAN_INPUTS.matrix);
  return withInitializers(onnx.ModelProto.encode(live).finish(), [
    { name: SCAN_INPUTS.matrix, dataType: onnx.TensorProto.DataType.INT8, dims: [dim, block.capacity], data: block.codes },
  ]);
}
