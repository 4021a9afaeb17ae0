/** How large the single decode's working copy is: the smallest JPEG shrink-on-load that still covers every output. */

/** A width and height in pixels. */
export interface Box {
  width: number;
  height: number;
}

/** libjpeg's decode scales that sharp uses (1/8, 1/4, 1/2), smallest picture first. */
const JPEG_SHRINKS = [8, 4, 2] as const;

/**
 * The working copy's sides relative to the tensor's, so the final PIL-like bicubic resize stays a real shrink: below
 * it, a 1/8 JPEG decode's block averaging shows on grainy photos (see the Note below).
 */
const TENSOR_MARGIN = 1.5;

/** The thumbnail's size: `photo` fitted inside `longEdge`×`longEdge`, never enlarged. */
export function thumbnailBox(photo: Box, longEdge: number): Box {
  const scale = Math.min(1, longEdge / Math.max(photo.width, photo.height));
  return { width: Math.max(1, Math.round(photo.width * scale)), height: Math.max(1, Math.round(photo.height * scale)) };
}

/**
 * [Note: The smallest shrink-on-load]
 * Decoding the entropy-coded data is most of a JPEG's cost, and libjpeg can decode at 1/2, 1/4 or 1/8 scale for less.
 * sharp picks that scale from the whole shrink a resize asks for, and takes scale 1/k only when the shrink is at
 * least k + 1 (pipeline.cc lowers it when `int(shrink) == k`, for libjpeg's rounding). So the working copy for scale
 * 1/k is the photo shrunk by k + 1: its libjpeg decode at 1/k, then a small antialiased cubic reduce. The largest k
 * whose working copy still covers the thumbnail and {@link TENSOR_MARGIN} × the tensor on each axis wins: a 24-MP
 * photo (6000×4000) with a 256² tensor decodes at 1/8 into 666×444, a 12-MP one at 1/4 into 800×600.
 * Why the margin: libjpeg's 1/8 scale is the mean of each 8×8 block, a blur PIL's bicubic does not have. On the
 * bench's grainy 12-MP photos, S = 256 from a 1/8 decode (working copy 1.30 × S) was 2.25/255 mean |Δ| from PIL
 * (the parity test allows 2), against 1.19 at S = 224 (1.49 × S) and 0.41 from the 1/4 decode (2.34 × S).
 */

/**
 * The box the working copy must cover (resized with sharp's `fit: 'outside'`, never enlarged) for a photo of upright
 * size `photo`, a thumbnail of size `thumb` and a `tensorSize`² tensor (null: none). `jpeg` says whether the decoder
 * can shrink on load (see the Note above); otherwise, or when no JPEG scale leaves enough pixels, the short side is
 * {@link TENSOR_MARGIN} × the largest output.
 */
export function workingBox(photo: Box, thumb: Box, tensorSize: number | null, jpeg: boolean): Box {
  const tensor = Math.ceil(TENSOR_MARGIN * (tensorSize ?? 0));
  if (jpeg) {
    const needW = Math.min(photo.width, Math.max(thumb.width, tensor));
    const needH = Math.min(photo.height, Math.max(thumb.height, tensor));
    for (const k of JPEG_SHRINKS) {
      const box = { width: Math.floor(photo.width / (k + 1)), height: Math.floor(photo.height / (k + 1)) };
      if (box.width >= needW && box.height >= needH) return box;
    }
  }
  const side = Math.ceil(TENSOR_MARGIN * Math.max(thumb.width, thumb.height, tensorSize ?? 0));
  return { width: side, height: side };
}
