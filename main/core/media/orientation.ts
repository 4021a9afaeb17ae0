/** EXIF orientation (1..8) applied by hand, for pixels whose orientation is recorded outside them (RAW previews). */
import type { Sharp } from 'sharp';

// sharp mirrors before it rotates, so each EXIF orientation is one optional mirror then one rotation.
const STEPS: Record<number, { flip?: boolean; flop?: boolean; angle: number }> = {
  1: { angle: 0 },
  2: { flop: true, angle: 0 },
  3: { angle: 180 },
  4: { flip: true, angle: 0 },
  5: { flip: true, angle: 90 },
  6: { angle: 90 },
  7: { flop: true, angle: 90 },
  8: { angle: 270 },
};

/** Makes `image` upright given the EXIF orientation its pixels were stored with. */
export function applyOrientation(image: Sharp, orientation: number): Sharp {
  const step = STEPS[orientation] ?? STEPS[1]!;
  let out = image;
  if (step.flip) out = out.flip();
  if (step.flop) out = out.flop();
  return step.angle === 0 ? out : out.rotate(step.angle);
}

/** True when the orientation turns the image by a quarter, so stored width and height swap. */
export function swapsAxes(orientation: number | undefined): boolean {
  return orientation !== undefined && orientation >= 5 && orientation <= 8;
}
