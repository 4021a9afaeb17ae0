/** Appends large initializers to an encoded ONNX model without re-encoding their bytes. */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** A tensor to append: its raw bytes are used in place. */
export interface RawInitializer {
  name: string;
  dataType: number;
  dims: number[];
  data: ArrayBufferView;
}

/**
 * The byte chunks of `model` followed by one more `graph` field per initializer, for one Buffer.concat (protobufjs
 * copies a 48 MB field byte by byte, ~0.4 s here). A protobuf message may repeat an embedded message field and
 * parsers merge the occurrences (onnxruntime's does; protobufjs's decoder does not), so a `graph` (field 7) holding
 * just an initializer (field 5) extends the first graph's list.
 */
export function withInitializers(model: Uint8Array, initializers: RawInitializer[]): Uint8Array[] {
  const parts: Uint8Array[] = [model];
  for (const { name, dataType, dims, data } of initializers) {
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const head = onnx.TensorProto.encode({ name, dataType, dims }).finish();
    const rawField = [key(9), varint(raw.byteLength)];
    const tensorLength = head.byteLength + partsLength(rawField) + raw.byteLength;
    const initializerField = [key(5), varint(tensorLength)];
    const graphLength = partsLength(initializerField) + tensorLength;
    parts.push(key(7), varint(graphLength), ...initializerField, head, ...rawField, raw);
  }
  return parts;
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
