/** Packs HWC RGB bytes into the model's CHW float tensor: (x/255 - mean) / std per channel. */

/** SigLIP's normalisation: mean 0.5 and std 0.5 on every channel, mapping [0,255] to [-1,1]. */
const SIGLIP_MEAN: [number, number, number] = [0.5, 0.5, 0.5];
const SIGLIP_STD: [number, number, number] = [0.5, 0.5, 0.5];

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
