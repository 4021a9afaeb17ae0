/** Reads a SigLIP model folder in the Immich (visual/ + textual/) or transformers.js (onnx/) layout into one description. */
import { access, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Which export a folder holds: Immich (`visual/`, `textual/`) or transformers.js / Xenova (`onnx/`). */
export type ModelLayout = 'immich' | 'xenova';

/** Weight precision of the ONNX towers. */
export type Precision = 'fp32' | 'fp16' | 'int8';

/** Everything the towers and the preprocessing need from a model folder. */
export interface ModelFolder {
  dir: string;
  layout: ModelLayout;
  /** Vision tower for the chosen precision. */
  visionPath: string;
  /** Text tower for the chosen precision. */
  textPath: string;
  /** Precisions for which both towers are present. */
  availablePrecisions: Precision[];
  tokenizerPath: string;
  tokenizerConfigPath: string | null;
  /** Side of the square input image. */
  imageSize: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Number of token ids the text tower takes. */
  contextLength: number;
  /** Embedding size from config.json, when it says (transformers.js base configs often omit it). */
  embedDim: number | null;
}

/** A folder that is not a usable model; `reason` names the file and what is wrong with it. */
export class ModelFolderError extends Error {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`${dir}: ${reason}`);
    this.name = 'ModelFolderError';
  }
}

/** Preference when no precision is requested: full precision first, then the CPU-friendly int8. */
const PRECISION_ORDER: Precision[] = ['fp32', 'int8', 'fp16'];
const XENOVA_SUFFIX: Record<Precision, string> = { fp32: '', fp16: '_fp16', int8: '_quantized' };
/** SigLIP v1 normalises every channel with mean 0.5 and std 0.5. */
const SIGLIP_HALF: [number, number, number] = [0.5, 0.5, 0.5];
/** SigLIP v1 text towers take 64 tokens. */
const SIGLIP_CONTEXT = 64;

type Json = Record<string, unknown>;

/** Relative file names (as a person sees them in the folder) of each layout's fixed files. */
const LAYOUT_FILES = {
  immich: {
    vision: 'visual/model.onnx',
    text: 'textual/model.onnx',
    preprocess: 'visual/preprocess_cfg.json',
    tokenizer: 'textual/tokenizer.json',
    tokenizerConfig: 'textual/tokenizer_config.json',
  },
  xenova: { preprocess: 'preprocessor_config.json', tokenizer: 'tokenizer.json', tokenizerConfig: 'tokenizer_config.json' },
} as const;

/** `path` inside the folder as a person sees it (`visual/model.onnx`), for messages. */
export function folderFile(folder: ModelFolder, path: string): string {
  return relative(folder.dir, path).split(sep).join('/');
}

/** The preprocessing config's name in the folder's layout, for messages. */
export function preprocessFile(folder: ModelFolder): string {
  return LAYOUT_FILES[folder.layout].preprocess;
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
const isDir = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

async function detectLayout(dir: string): Promise<ModelLayout> {
  if (!(await isDir(dir))) throw new ModelFolderError(dir, 'is not a folder');
  if ((await isDir(join(dir, 'visual'))) || (await isDir(join(dir, 'textual')))) return 'immich';
  if (await isDir(join(dir, 'onnx'))) return 'xenova';
  throw new ModelFolderError(dir, 'has neither visual/ + textual/ (Immich layout) nor onnx/ (transformers.js layout)');
}

async function readJson(dir: string, rel: string): Promise<Json> {
  let text: string;
  try {
    text = await readFile(join(dir, rel), 'utf8');
  } catch {
    throw new ModelFolderError(dir, `${rel} is missing`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Json;
  } catch (e) {
    throw new ModelFolderError(dir, `${rel} is not a JSON object (${(e as Error).message})`);
  }
}

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const posInt = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/** Square image side from `size` as an int, `[h, w]`, or `{ height, width }` / `{ shortest_edge }`. */
function squareSize(dir: string, rel: string, size: unknown): number {
  if (size === undefined) throw new ModelFolderError(dir, `${rel} has no size`);
  const o = obj(size);
  const [h, w] = Array.isArray(size)
    ? [(size as unknown[])[0], (size as unknown[])[1] ?? (size as unknown[])[0]]
    : typeof size === 'number'
      ? [size, size]
      : [o.height ?? o.shortest_edge, o.width ?? o.shortest_edge];
  const ph = posInt(h);
  if (ph === null || ph !== posInt(w)) throw new ModelFolderError(dir, `${rel} size ${JSON.stringify(size)} is not a square image size`);
  return ph;
}

function triple(dir: string, rel: string, key: string, v: unknown): [number, number, number] {
  if (v === undefined) return SIGLIP_HALF;
  if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    return v as [number, number, number];
  throw new ModelFolderError(dir, `${rel} ${key} ${JSON.stringify(v)} is not three numbers`);
}

async function present(dir: string, rels: string[]): Promise<void> {
  for (const rel of rels) if (!(await exists(join(dir, rel)))) throw new ModelFolderError(dir, `${rel} is missing`);
}

/** Our own int8 towers (main/core/ml/quantize) sit beside the fp32 ones: `x.onnx` → `x_int8.onnx`. */
const ownInt8 = (rel: string): string => rel.replace(/\.onnx$/, '_int8.onnx');

async function readImmich(dir: string, precision: Precision | undefined): Promise<ModelFolder> {
  const f = LAYOUT_FILES.immich;
  const hasInt8 = (await exists(join(dir, ownInt8(f.vision)))) && (await exists(join(dir, ownInt8(f.text))));
  if (precision === 'fp16' || (precision === 'int8' && !hasInt8)) {
    throw new ModelFolderError(dir, `Immich exports hold fp32 towers only, and no ${precision} towers were made from them`);
  }
  const tower = (rel: string): string => join(dir, precision === 'int8' ? ownInt8(rel) : rel);
  await present(dir, [f.vision, f.text, f.tokenizer]);
  const config = await readJson(dir, 'config.json');
  const pre = await readJson(dir, f.preprocess);
  const textCfg = obj(config.text_cfg);
  const contextLength = posInt(textCfg.context_length);
  if (contextLength === null) throw new ModelFolderError(dir, 'config.json has no text_cfg.context_length');
  return {
    dir,
    layout: 'immich',
    visionPath: tower(f.vision),
    textPath: tower(f.text),
    availablePrecisions: hasInt8 ? ['fp32', 'int8'] : ['fp32'],
    tokenizerPath: join(dir, f.tokenizer),
    tokenizerConfigPath: (await exists(join(dir, f.tokenizerConfig))) ? join(dir, f.tokenizerConfig) : null,
    imageSize: squareSize(dir, f.preprocess, pre.size),
    mean: triple(dir, f.preprocess, 'mean', pre.mean),
    std: triple(dir, f.preprocess, 'std', pre.std),
    contextLength,
    embedDim: posInt(config.embed_dim),
  };
}

async function readXenova(dir: string, precision: Precision | undefined): Promise<ModelFolder> {
  const f = LAYOUT_FILES.xenova;
  const shipped = (tower: 'vision' | 'text', p: Precision): string => `onnx/${tower}_model${XENOVA_SUFFIX[p]}.onnx`;
  const both = async (name: (t: 'vision' | 'text') => string) =>
    (await exists(join(dir, name('vision')))) && (await exists(join(dir, name('text'))));
  // transformers.js ships `*_quantized.onnx`; for fp32-only exports our own `*_int8.onnx` stand in.
  const ownInt8Made = !(await both((t) => shipped(t, 'int8'))) && (await both((t) => ownInt8(shipped(t, 'fp32'))));
  const rel = (tower: 'vision' | 'text', p: Precision): string =>
    p === 'int8' && ownInt8Made ? ownInt8(shipped(tower, 'fp32')) : shipped(tower, p);
  const available: Precision[] = [];
  for (const p of PRECISION_ORDER) if (await both((t) => rel(t, p))) available.push(p);
  const chosen = precision ?? available[0] ?? 'fp32';
  await present(dir, [rel('vision', chosen), rel('text', chosen), f.tokenizer]);
  const config = await readJson(dir, 'config.json');
  const pre = await readJson(dir, f.preprocess);
  const textCfg = obj(config.text_config);
  const visionCfg = obj(config.vision_config);
  const tokenizerConfigPath = (await exists(join(dir, f.tokenizerConfig))) ? join(dir, f.tokenizerConfig) : null;
  return {
    dir,
    layout: 'xenova',
    visionPath: join(dir, rel('vision', chosen)),
    textPath: join(dir, rel('text', chosen)),
    availablePrecisions: available,
    tokenizerPath: join(dir, f.tokenizer),
    tokenizerConfigPath,
    imageSize: squareSize(dir, f.preprocess, pre.size ?? visionCfg.image_size),
    mean: triple(dir, f.preprocess, 'image_mean', pre.image_mean),
    std: triple(dir, f.preprocess, 'image_std', pre.image_std),
    contextLength: posInt(textCfg.max_position_embeddings) ?? SIGLIP_CONTEXT,
    embedDim: posInt(visionCfg.hidden_size) ?? posInt(textCfg.hidden_size),
  };
}

/**
 * Describes the model in `dir` for `precision` (default: fp32 when present, else int8, else fp16).
 * Throws {@link ModelFolderError} naming the missing or malformed file.
 */
export async function readModelFolder(dir: string, precision?: Precision): Promise<ModelFolder> {
  const layout = await detectLayout(dir);
  return layout === 'immich' ? readImmich(dir, precision) : readXenova(dir, precision);
}
