/** Appends a large initializer to an encoded ONNX model without re-encoding its bytes. */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * `model` plus an initializer `name` holding `data` as raw bytes. protobufjs copies a 50 MB field byte by byte
 * (~0.2 s); this is one memcpy. A protobuf message may repeat an embedded message field and parsers merge the
 * occurrences (onnxruntime's does; protobufjs's decoder does not), so a second `graph` (field 7) holding just the
 * initializer (field 5) extends the first graph's list.
 */
export function withInitializer(model: Uint8Array, name: string, dataType: number, dims: number[], data: ArrayBufferView): Uint8Array {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const head = onnx.TensorProto.encode({ name, dataType, dims }).finish();
  const rawField = [key(9), varint(raw.byteLength)];
  const tensorLength = head.byteLength + partsLength(rawField) + raw.byteLength;
  const initializerField = [key(5), varint(tensorLength)];
  const graphLength = partsLength(initializerField) + tensorLength;
  return Buffer.concat([model, key(7), varint(graphLength), ...initializerField, head, ...rawField, raw]);
}

/** The key of a length-delimited field (wire type 2). */
function key(field: number): Uint8Array {
  return varint((field << 3) | 2);
}

function varint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

function partsLength(parts: Uint8Array[]): number {
  return parts.reduce((n, p) => n + p.byteLength, 0);
}
