/** A 64-bit difference hash of a photo's thumbnail: whether two photos are the same picture, not only alike. */
import sharp from 'sharp';

/**
 * [Note: Same picture, not only alike]
 * An embedding says two photos show the same things; a small model can find a big black circle on grass and a big
 * black star on grass as close (0.984) as a photo and its own 4 % crop (0.96). So a near-duplicate pair is confirmed
 * on the pictures: each thumbnail becomes a 9×8 grey grid and every horizontal step (brighter or not) one bit.
 * Re-encoding (1 % of bits), resizing and brightening (4 %) keep those bits; a 4 % crop flipped 19 % on the world
 * photos, the circle and the star 33 % (finer grids flip more bits on a crop: 28 % at 17×16). Alone the hash tells
 * nothing (unrelated world photos came within 9 %); it only vetoes pairs the embedding found close. Photos without a
 * thumbnail (never read) keep the embedding's verdict.
 */
export async function pictureHash(file: string): Promise<Uint8Array | null> {
  try {
    const { data } = await sharp(file).greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
    const bits = new Uint8Array(8);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) if (data[y * 9 + x + 1]! > data[y * 9 + x]!) bits[y]! |= 1 << x;
    }
    return bits;
  } catch {
    return null; // No thumbnail to look at: the pair is judged by its embeddings alone.
  }
}

/** The share of bits (0–1) two picture hashes disagree on. */
export function hashDistance(a: Uint8Array, b: Uint8Array): number {
  let differ = 0;
  for (let i = 0; i < a.length; i++) {
    let x = a[i]! ^ b[i]!;
    while (x) {
      differ += x & 1;
      x >>= 1;
    }
  }
  return differ / (a.length * 8);
}
