/** MediaError: why a file could not be turned into a photo, in words a person can act on. */

/** A file that cannot be decoded; `message` is the readable reason, `cause` the library's own error if any. */
export class MediaError extends Error {
  override name = 'MediaError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The message for an image whose header announces more pixels than the safety limit allows. */
function tooLarge(width: number, height: number, maxPixels: number): MediaError {
  const limit = maxPixels >= 1e6 ? `${Number((maxPixels / 1e6).toFixed(1))} MP` : `${maxPixels}-pixel`;
  return new MediaError(`Image too large: ${width}×${height} exceeds the ${limit} safety limit`);
}

/** Refuses dimensions above the limit (or nonsense ones) before any pixel is decoded. */
export function checkDimensions(width: number, height: number, maxPixels: number): void {
  if (!(width > 0 && height > 0)) throw new MediaError('The image header is corrupt (no valid dimensions)');
  if (width * height > maxPixels) throw tooLarge(width, height, maxPixels);
}

/** Turns an error thrown by sharp or a decoder into a MediaError with a readable reason. */
export function fromDecoderError(err: unknown): MediaError {
  if (err instanceof MediaError) return err;
  const text = err instanceof Error ? err.message : String(err);
  if (/unsupported image format/i.test(text)) return new MediaError('Not an image (unrecognised file type)', { cause: err });
  if (/pixel limit/i.test(text)) return new MediaError('Image too large: it exceeds the pixel safety limit', { cause: err });
  return new MediaError('The image data is truncated or corrupt', { cause: err });
}
