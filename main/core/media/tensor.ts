/** The model input as the reference preprocessors make it: PIL's bicubic squash to S×S, then (x/255 - mean) / std, CHW. */

/** SigLIP's normalisation: mean 0.5 and std 0.5 on every channel, mapping [0,255] to [-1,1]. */
const SIGLIP_MEAN: [number, number, number] = [0.5, 0.5, 0.5];
const SIGLIP_STD: [number, number, number] = [0.5, 0.5, 0.5];

/** PIL's fixed-point precision for 8-bit resampling (libImaging/Resample.c). */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

/** PIL's bicubic kernel (a = -0.5), support 2. */
function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** One axis of PIL's resampling: for each output index, the first input index and the fixed-point weights. */
interface Taps {
  first: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  ksize: number;
}

/** PIL's precompute_coeffs + normalize_coeffs_8bpc: the centred grid, antialiased when shrinking. */
function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(centre - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(centre + support + 0.5)) - xmin;
    let sum = 0;
    for (let x = 0; x < xmax; x++) sum += k[x] = bicubic((x + xmin - centre + 0.5) / filterScale);
    for (let x = 0; x < xmax; x++) {
      const w = sum !== 0 ? k[x]! / sum : k[x]!;
      weights[o * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    first[o] = xmin;
    count[o] = xmax;
  }
  return { first, count, weights, ksize };
}

const clip8 = (v: number): number => (v >= ONE * 256 ? 255 : v <= 0 ? 0 : Math.floor(v / ONE));

/**
 * Resizes interleaved 8-bit RGB to `outW`×`outH` exactly as Pillow's `Image.resize(..., BICUBIC)` does (what
 * transformers' SiglipImageProcessor and open_clip's preprocess call): horizontal pass, rounding to 8 bits, then the
 * vertical pass over only the rows it needs. Enlargement uses the same centred grid.
 */
export function resizeBicubicLikePil(rgb: Uint8Array, width: number, height: number, outW: number, outH: number): Uint8Array {
  if (rgb.length !== width * height * 3)
    throw new Error(`Expected ${width * height * 3} RGB bytes for ${width}×${height}, got ${rgb.length}`);
  const h = taps(width, outW);
  const v = taps(height, outH);
  const needH = outW !== width;
  const needV = outH !== height;
  const rowFirst = needV ? v.first[0]! : 0;
  const rowLast = needV ? v.first[outH - 1]! + v.count[outH - 1]! : height;
  let src = rgb;
  let srcW = width;
  let rowOffset = 0;
  if (needH) {
    const rows = rowLast - rowFirst;
    const tmp = new Uint8Array(outW * rows * 3);
    for (let y = 0; y < rows; y++) {
      const inRow = (y + rowFirst) * width * 3;
      for (let o = 0; o < outW; o++) {
        const xmin = h.first[o]!;
        const n = h.count[o]!;
        const base = o * h.ksize;
        let r = HALF;
        let g = HALF;
        let b = HALF;
        for (let x = 0; x < n; x++) {
          const w = h.weights[base + x]!;
          const p = inRow + (xmin + x) * 3;
          r += rgb[p]! * w;
          g += rgb[p + 1]! * w;
          b += rgb[p + 2]! * w;
        }
        const q = (y * outW + o) * 3;
        tmp[q] = clip8(r);
        tmp[q + 1] = clip8(g);
        tmp[q + 2] = clip8(b);
      }
    }
    src = tmp;
    srcW = outW;
    rowOffset = rowFirst;
  }
  if (!needV) return needH ? src : Uint8Array.from(src);
  const out = new Uint8Array(outW * outH * 3);
  for (let o = 0; o < outH; o++) {
    const ymin = v.first[o]! - rowOffset;
    const n = v.count[o]!;
    const base = o * v.ksize;
    for (let x = 0; x < outW; x++) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let y = 0; y < n; y++) {
        const w = v.weights[base + y]!;
        const p = ((ymin + y) * srcW + x) * 3;
        r += src[p]! * w;
        g += src[p + 1]! * w;
        b += src[p + 2]! * w;
      }
      const q = (o * outW + x) * 3;
      out[q] = clip8(r);
      out[q + 1] = clip8(g);
      out[q + 2] = clip8(b);
    }
  }
  return out;
}

/**
 * Converts `size`×`size` interleaved RGB bytes to a Float32Array of 3·size·size in CHW order. A per-channel table of
 * 256 values makes every element exactly `Math.fround((v / 255 - mean) / std)`.
 */
export function toChwTensor(rgb: Uint8Array, size: number, mean = SIGLIP_MEAN, std = SIGLIP_STD): Float32Array {
  const plane = size * size;
  if (rgb.length !== plane * 3) throw new Error(`Expected ${plane * 3} RGB bytes for ${size}×${size}, got ${rgb.length}`);
  const tables = [0, 1, 2].map((c) => {
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = (v / 255 - mean[c]!) / std[c]!;
    return table;
  }) as [Float32Array, Float32Array, Float32Array];
  const [r, g, b] = tables;
  const out = new Float32Array(plane * 3);
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[i] = r[rgb[p]!]!;
    out[plane + i] = g[rgb[p + 1]!]!;
    out[2 * plane + i] = b[rgb[p + 2]!]!;
  }
  return out;
}
