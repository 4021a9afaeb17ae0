/** HEIC/HEIF (HEVC) decoding through heic-decode's WASM libheif, since sharp's libvips has no HEVC decoder. */
import heicDecode from 'heic-decode';
import { checkDimensions, MediaError } from './media-error.js';

/** Upright RGBA pixels of a HEIC file's first top-level image (libheif applies irot/imir/clap itself). */
export interface HeicPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
}

/**
 * Decodes the first top-level image (the primary one in files phones write). Its announced size is checked
 * against `maxPixels` before any pixel is decoded, so a HEIC bomb is refused cheaply.
 */
export async function decodeHeic(buf: Buffer, maxPixels: number): Promise<HeicPixels> {
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
