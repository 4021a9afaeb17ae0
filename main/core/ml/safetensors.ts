/** Reads single scalar tensors (SigLIP's logit_scale / logit_bias) out of a remote .safetensors file with Range requests. */
import { DownloadError, openFile, readRange, type HuggingFace } from './hugging-face.js';

/** Reads bytes `from..to` (inclusive) of one file. */
export type RangeReader = (from: number, to: number) => Promise<Uint8Array>;

interface TensorEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** The safetensors format caps the JSON header at 100 MB. */
const MAX_HEADER = 100_000_000;

/** Decodes the first element of a little-endian tensor of dtype F32, F16, BF16 or F64. */
export function decodeScalar(bytes: Uint8Array, dtype: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32':
      return view.getFloat32(0, true);
    case 'F64':
      return view.getFloat64(0, true);
    case 'BF16':
      return new DataView(new Uint32Array([view.getUint16(0, true) << 16]).buffer).getFloat32(0, true);
    case 'F16':
      return halfToFloat(view.getUint16(0, true));
    default:
      throw new Error(`unsupported dtype ${dtype}`);
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

const ELEMENT_BYTES: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };

/** Finds `name` in a header, also under a prefix (`model.logit_scale`, `siglip.logit_scale`). */
function findTensor(header: Record<string, unknown>, name: string): TensorEntry | null {
  const key = name in header ? name : Object.keys(header).find((k) => k.endsWith(`.${name}`));
  return key ? (header[key] as TensorEntry) : null;
}

/**
 * Reads the named scalar tensors: 8 bytes of header length (u64 LE), the JSON header, then one tiny range per tensor.
 * Throws with the missing name or unsupported dtype when the file does not hold them.
 */
export async function readSafetensorsScalars(read: RangeReader, names: string[]): Promise<Record<string, number>> {
  const lenBytes = await read(0, 7);
  const headerLen = Number(new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLen <= 0 || headerLen > MAX_HEADER) throw new Error(`not a safetensors file (header length ${headerLen})`);
  const header = JSON.parse(new TextDecoder().decode(await read(8, 8 + headerLen - 1))) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const name of names) {
    const t = findTensor(header, name);
    if (!t) throw new Error(`the checkpoint has no tensor "${name}"`);
    const width = ELEMENT_BYTES[t.dtype];
    if (!width) throw new Error(`tensor "${name}" has unsupported dtype ${t.dtype}`);
    const start = 8 + headerLen + t.data_offsets[0];
    out[name] = decodeScalar(await read(start, start + width - 1), t.dtype);
  }
  return out;
}

/** SigLIP's two calibration scalars as the checkpoint stores them: the scale is a LOG, the bias is plain. */
export interface LogitScalars {
  logitScaleLog: number;
  logitBias: number;
}

/** The shard that holds `logit_scale`, from `model.safetensors.index.json` (large checkpoints are split). */
async function shardFromIndex(hf: HuggingFace, repo: string, revision: string, signal?: AbortSignal): Promise<string> {
  const index = await openFile(hf, repo, revision, 'model.safetensors.index.json', { signal }).catch((err: unknown) => {
    if (err instanceof DownloadError && err.code === 'not_found')
      throw new DownloadError('not_found', `${repo} has neither model.safetensors nor a shard index.`, false);
    throw err;
  });
  const map = ((await index.response.json()) as { weight_map?: Record<string, string> }).weight_map ?? {};
  const key = Object.keys(map).find((k) => k === 'logit_scale' || k.endsWith('.logit_scale'));
  if (!key) throw new DownloadError('not_found', `${repo}'s shard index lists no logit_scale tensor.`, false);
  return map[key] as string;
}

/** Reads `logit_scale` (log) and `logit_bias` from a checkpoint repository's safetensors on Hugging Face. */
export async function readLogitScalars(hf: HuggingFace, repo: string, revision = 'main', signal?: AbortSignal): Promise<LogitScalars> {
  const names = ['logit_scale', 'logit_bias'];
  const from = (file: string): Promise<Record<string, number>> =>
    readSafetensorsScalars((a, b) => readRange(hf, repo, revision, file, a, b, signal), names).catch((err: unknown) => {
      if (err instanceof DownloadError) throw err;
      throw new DownloadError(
        'not_found',
        `Could not read the calibration scalars from ${repo}/${file}: ${(err as Error).message}.`,
        false,
      );
    });
  let s: Record<string, number>;
  try {
    s = await from('model.safetensors');
  } catch (err) {
    if (!(err instanceof DownloadError) || err.status !== 404) throw err;
    s = await from(await shardFromIndex(hf, repo, revision, signal));
  }
  return { logitScaleLog: s.logit_scale as number, logitBias: s.logit_bias as number };
}
