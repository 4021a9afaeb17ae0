/** The fixed calibration inputs of the int8 quality guard: captions for the text tower, stand-in images when no photos exist. */

/**
 * Captions in the style people search with (objects, scenes, colours, several languages for the multilingual
 * model): the text tower's int8 agreement is measured on these.
 */
export const CALIBRATION_PROMPTS: readonly string[] = [
  'a dog playing on the beach',
  'birthday cake with candles',
  'snowy mountains at sunrise',
  'a red car parked in the street',
  'group photo of friends at a wedding',
  'receipt',
  'cat sleeping on a sofa',
  'city skyline at night',
  'children playing football in the park',
  'plate of pasta',
  'old black and white family portrait',
  'screenshot of a text message',
  'a green forest with a river',
  'sunset over the sea',
  'Hund im Schnee',
  'une tour Eiffel la nuit',
  'un gato negro',
  '桜の花',
  'This is a photo of a bicycle.',
  'people',
];

/** Stand-in images used when the person has no photos yet. */
const SYNTHETIC_IMAGES = 8;

/**
 * Deterministic smooth images (colour gradients with soft blobs and some fine texture), already normalised like
 * SigLIP input (values in [-1, 1], CHW, 3×size×size). Only for when no real photos are available: real photos
 * are the better calibration set.
 */
export function syntheticImages(size: number, count = SYNTHETIC_IMAGES): Float32Array[] {
  return Array.from({ length: count }, (_, k) => {
    const data = new Float32Array(3 * size * size);
    const cx = 0.3 + 0.4 * ((k * 0.37) % 1);
    const cy = 0.3 + 0.4 * ((k * 0.61) % 1);
    for (let c = 0; c < 3; c++) {
      const tilt = Math.cos(k + c * 2.1);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const u = x / size;
          const v = y / size;
          const blob = Math.exp(-((u - cx) ** 2 + (v - cy) ** 2) * 12);
          const texture = 0.08 * Math.sin((x + 3 * c) * (0.7 + 0.1 * k)) * Math.sin(y * (0.5 + 0.05 * k));
          const value = 0.6 * tilt * (u - v) + 0.7 * blob * Math.sin(k * 1.3 + c) + texture;
          data[c * size * size + y * size + x] = Math.max(-1, Math.min(1, value));
        }
      }
    }
    return data;
  });
}
