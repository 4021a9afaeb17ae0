/** HEIC/HEIF (HEVC) decoding through heic-decode's WASM libheif, since sharp's libvips has no HEVC decoder. */
import heicDecode from 'heic-decode';
import { ByteBudget } from './byte-budget.js';
import { checkDimensions, MediaError } from './media-error.js';

/**
 * libheif (WASM) decodes a whole picture into its heap and then copies it out as RGBA, and the heap never shrinks:
 * HEICs are decoded one at a time per process, each held until its caller is done with the pixels, and refused
 * above 100 MP (phones write at most 48 MP), so one HEIC costs at most about 1 GB however hostile it is.
 */
export const HEIC_MAX_PIXELS = 100_000_000;
const decoderSlot = new ByteBudget(1);

/** Upright RGBA pixels of a HEIC file's first top-level image (libheif applies irot/imir/clap itself). */
export interface HeicPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
  /** Gives the process's HEIC decoder slot back: call once the pixels are no longer needed. */
  release(): void;
}

/**
 * Decodes the first top-level image (the primary one in files phones write). Its announced size is checked
 * against `maxPixels` (at most {@link HEIC_MAX_PIXELS}) before any pixel is decoded, so a HEIC bomb is refused
 * cheaply. Waits for the process's one HEIC decoder slot; the result's `release` gives it back.
 */
export async function decodeHeic(buf: Buffer, maxPixels: number): Promise<HeicPixels> {
  const release = await decoderSlot.acquire(1);
  try {
    return { ...(await decodeFirstImage(buf, Math.min(maxPixels, HEIC_MAX_PIXELS))), release };
  } catch (err) {
    release();
    throw err;
  }
}

async function decodeFirstImage(buf: Buffer, maxPixels: number): Promise<Omit<HeicPixels, 'release'>> {
  let images: Awaited<ReturnType<typeof heicDecode.all>>;
  try {
    images = await heicDecode.all({ buffer: buf });
  } catch (err) {
    throw new MediaError('The image data is truncated or corrupt', { cause: err });
  }
  try {
    const first = images[0];
    if (!first) throw new MediaError('The HEIC file holds no image');
    checkDimensions(first.width, first.height, maxPixels);
    const decoded = await first.decode().catch((err: unknown) => {
      throw new MediaError('The image data is truncated or corrupt', { cause: err });
    });
    const { data, width, height } = decoded;
    if (data.length !== width * height * 4) throw new MediaError('The image data is truncated or corrupt');
    return { data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), width, height, channels: 4 };
  } finally {
    images.dispose();
  }
}
