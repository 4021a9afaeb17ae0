/** Builds the graph of a frozen block: its int8 codes are a constant (external data) that MatMulInteger prepacks once. */
import onnxProto from 'onnx-proto';
import { SCAN_INPUTS, scanGraphBytes } from './scan-graph.js';

const { onnx } = onnxProto;

/**
 * The live scan graph (scan-graph.ts) with `matrix` turned from an input into an initializer whose bytes are the
 * block's column-major codes [dim, capacity] in `dataFile`, a file beside the model (ONNX external data): same other
 * inputs, same raw scores, bit for bit.
 */
export function frozenGraphBytes(dim: number, capacity: number, dataFile: string): Uint8Array {
  const model = onnx.ModelProto.decode(scanGraphBytes(dim));
  const graph = model.graph!;
  graph.input = graph.input!.filter((i) => i.name !== SCAN_INPUTS.matrix);
  graph.initializer!.push(
    onnx.TensorProto.create({
      name: SCAN_INPUTS.matrix,
      dataType: onnx.TensorProto.DataType.INT8,
      dims: [dim, capacity],
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: dataFile },
        { key: 'offset', value: '0' },
        { key: 'length', value: String(dim * capacity) },
      ],
    }),
  );
  return onnx.ModelProto.encode(model).finish();
}
