/** Rewrites a decoded ONNX graph so MatMul/Gemm with constant float weights run as dynamic int8 (MatMulInteger). */
import {
  DataType,
  dimsOf,
  elementCount,
  floatValues,
  int64,
  rawTensor,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
} from './onnx-io.js';
import { int8MatMulNodes, quantizeColumns, transpose, type Int8WeightNames } from './matmul-int8.js';

/** Options of the int8 transform. */
export interface QuantizeOptions {
  /** Weights with fewer elements stay float32 (default 1024): too small to gain, and a bigger relative error. */
  minElements?: number;
  /** Called after each initializer has been looked at (and quantized when it is a MatMul/Gemm weight). */
  onProgress?: (done: number, total: number) => void;
}

/** What the transform changed. */
export interface QuantizeStats {
  /** MatMul and Gemm nodes now running in int8. */
  quantizedNodes: number;
  /** MatMul and Gemm nodes left in float32 (activation × activation, small or non-float weights, transA). */
  floatNodes: number;
  /** Initializer bytes before and after. */
  bytesBefore: number;
  bytesAfter: number;
}

/** A node to replace, with its weight as a [K, N] matrix. */
interface Target {
  node: OnnxNode;
  input: string;
  weight: string;
  /** Gemm with transB: the stored weight is [N, K]. */
  transposed: boolean;
  alpha: number;
  /** Gemm's C, already multiplied by beta when beta ≠ 1. */
  bias: string | null;
}

/** Default minimum weight size to quantize. */
export const DEFAULT_MIN_ELEMENTS = 1024;
/** MatMulInteger exists from opset 10, DynamicQuantizeLinear from opset 11. */
const MIN_OPSET = 11;

type AttrValue = { i?: number | { toNumber(): number } | null; f?: number | null };
function attr(node: OnnxNode, name: string): AttrValue | undefined {
  return node.attribute?.find((a) => a.name === name);
}

/** The default-domain opset; throws when it predates the integer ops. */
function checkOpset(model: OnnxModel): void {
  const entry = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  // onnx-proto types int64 fields as protobufjs Longs, whose type does not resolve here.
  const version = int64(entry?.version as number | { toNumber(): number } | null | undefined);
  if (version < MIN_OPSET) {
    throw new Error(
      `the model uses ONNX opset ${version || 'unknown'}; int8 conversion needs opset ${MIN_OPSET} or newer, so it stays fp32`,
    );
  }
}

/** Finds MatMul/Gemm nodes whose weight is a constant 2-D float32 initializer of at least `minElements` values. */
function findTargets(nodes: OnnxNode[], constants: Map<string, OnnxTensor>, minElements: number, extra: OnnxTensor[]): Target[] {
  const targets: Target[] = [];
  for (const node of nodes) {
    if (node.opType !== 'MatMul' && node.opType !== 'Gemm') continue;
    const [input, weight, c] = node.input ?? [];
    const w = weight === undefined ? undefined : constants.get(weight);
    if (!input || !w || w.dataType !== DataType.FLOAT || dimsOf(w).length !== 2 || elementCount(w) < minElements) continue;
    if (node.opType === 'MatMul') {
      targets.push({ node, input, weight: weight!, transposed: false, alpha: 1, bias: null });
      continue;
    }
    if (int64(attr(node, 'transA')?.i) !== 0) continue;
    const beta = attr(node, 'beta')?.f ?? 1;
    let bias: string | null = c || null;
    if (bias && beta !== 1) {
      const cTensor = constants.get(bias);
      if (!cTensor || cTensor.dataType !== DataType.FLOAT) continue;
      const scaled = floatValues(cTensor).map((v) => v * beta);
      bias = `${bias}/times_beta_${node.output![0]}`;
      extra.push(rawTensor(bias, DataType.FLOAT, dimsOf(cTensor), scaled));
    }
    targets.push({
      node,
      input,
      weight: weight!,
      transposed: int64(attr(node, 'transB')?.i) !== 0,
      alpha: attr(node, 'alpha')?.f ?? 1,
      bias,
    });
  }
  return targets;
}

const weightKey = (t: Target): string => `${t.weight}|${t.transposed ? 'T' : 'N'}|${t.alpha}`;

/** Quantizes the weight `t` as its targets need it (plain, transposed, alpha folded in); returns the new initializers. */
function quantizeWeight(t: OnnxTensor, key: string, names: Int8WeightNames): OnnxTensor[] {
  const [, orientation, alpha] = key.split('|');
  const [rows, cols] = dimsOf(t) as [number, number];
  const floats = floatValues(t);
  const [b, k, n] = orientation === 'T' ? [transpose(floats, rows, cols), cols, rows] : [floats, rows, cols];
  const q = quantizeColumns(b, k, n, Number(alpha));
  return [rawTensor(names.values, DataType.INT8, [k, n], q.values), rawTensor(names.scales, DataType.FLOAT, [n], q.scales)];
}

/** The nodes replacing one target. */
function replacement(t: Target, names: Int8WeightNames): OnnxNode[] {
  const output = t.node.output![0]!;
  const prefix = `${output}/int8`;
  if (!t.bias) return int8MatMulNodes(prefix, t.input, names, output);
  const unbiased = `${prefix}/unbiased`;
  const add: OnnxNode = { opType: 'Add', input: [unbiased, t.bias], output: [output], name: `${prefix}/bias`, attribute: [] };
  return [...int8MatMulNodes(prefix, t.input, names, unbiased), add];
}

const bytesOf = (list: OnnxTensor[]): number => list.reduce((s, t) => s + (t.rawData?.length ?? 0) + 4 * (t.floatData?.length ?? 0), 0);
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Rewrites `model` in place: every MatMul (and Gemm without transA) whose weight is a constant float32 2-D
 * initializer of at least `minElements` values gets int8 weights per output channel and run-time activation
 * quantization; float weights (and Gemm biases rescaled by beta) nothing else uses are dropped. Embedding tables
 * (Gather) and all other ops stay as they are.
 */
export async function quantizeGraph(model: OnnxModel, options: QuantizeOptions = {}): Promise<QuantizeStats> {
  checkOpset(model);
  const graph = model.graph;
  if (!graph) throw new Error('the model has no graph');
  const initializers = graph.initializer ?? [];
  const bytesBefore = bytesOf(initializers);
  const overridable = new Set((graph.input ?? []).map((i) => i.name));
  const constants = new Map(initializers.filter((t) => !overridable.has(t.name)).map((t) => [t.name!, t]));
  const added: OnnxTensor[] = [];
  const nodes = graph.node ?? [];
  const targets = findTargets(nodes, constants, options.minElements ?? DEFAULT_MIN_ELEMENTS, added);
  const keysByWeight = new Map<string, Set<string>>();
  for (const t of targets) keysByWeight.set(t.weight, (keysByWeight.get(t.weight) ?? new Set()).add(weightKey(t)));

  const names = new Map<string, Int8WeightNames>();
  for (const [i, tensor] of initializers.entries()) {
    for (const [j, key] of [...(keysByWeight.get(tensor.name!) ?? [])].entries()) {
      const suffix = j === 0 ? '' : `_${j}`;
      const n = { values: `${tensor.name}/int8${suffix}`, scales: `${tensor.name}/int8_scales${suffix}` };
      added.push(...quantizeWeight(tensor, key, n));
      names.set(key, n);
      await yieldToLoop();
    }
    options.onProgress?.(i + 1, initializers.length);
  }

  const byNode = new Map(targets.map((t) => [t.node, t]));
  graph.node = nodes.flatMap((node) => {
    const t = byNode.get(node);
    return t ? replacement(t, names.get(weightKey(t))!) : [node];
  });
  const used = new Set([...graph.node.flatMap((n) => n.input ?? []), ...(graph.output ?? []).map((o) => o.name)]);
  const replacedInputs = new Set(targets.flatMap((t) => t.node.input ?? []));
  graph.initializer = [...initializers.filter((t) => !replacedInputs.has(t.name!) || used.has(t.name)), ...added];
  const quantizable = nodes.filter((n) => n.opType === 'MatMul' || n.opType === 'Gemm').length;
  return { quantizedNodes: targets.length, floatNodes: quantizable - targets.length, bytesBefore, bytesAfter: bytesOf(graph.initializer) };
}
