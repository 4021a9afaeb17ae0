/** How large the single decode's working copy is: enough for the thumbnail and for a faithful tensor, no more. */

/** A width and height in pixels. */
export interface Box {
  width: number;
  height: number;
}

/** The working copy's sides relative to the tensor's: the final PIL-like bicubic resize is at least a 2× shrink. */
const TENSOR_MARGIN = 2;

/** The thumbnail's size: `photo` fitted inside `longEdge`×`longEdge`, never enlarged. */
export function thumbnailBox(photo: Box, longEdge: number): Box {
  const scale = Math.min(1, longEdge / Math.max(photo.width, photo.height));
  return { width: Math.max(1, Math.round(photo.width * scale)), height: Math.max(1, Math.round(photo.height * scale)) };
}

/**
 * [Note: The working copy and shrink-on-load]
 * Decoding the entropy-coded data is most of a JPEG's cost; libjpeg can decode at 1/2, 1/4 or 1/8 scale for less,
 * and sharp takes scale 1/k by itself when the resize it is asked for shrinks by at least k + 1 (pipeline.cc lowers k
 * when `int(shrink) == k`, for libjpeg's rounding). So the working copy is asked for at the smallest size that still
 * serves both outputs — the thumbnail as it is, the tensor with {@link TENSOR_MARGIN} — and sharp decodes at the
 * smallest libjpeg scale that covers it, then reduces (antialiased cubic) to it.
 * Why a margin of 2: a 1/k decode averages k×k blocks, a blur PIL's bicubic does not have, and it shows on grainy
 * photos. On the bench's grainy 12-MP JPEGs (mean |Δ| from PIL; the parity test allows 2/255): S = 256 from a 1/8
 * decode via 444×333 was 2.25, from 1/4 via 512×384 (margin 1.5) 0.95, via 683×512 (margin 2) 0.67, via the former
 * 800×600 0.45; S = 384 from 1/4 via the former 800×600 was 2.33 and via 1024×768 (1/2 decode) 0.97.
 */

/**
 * The box the working copy must cover (sharp's `fit: 'outside'`) for a photo of upright size `photo`, a thumbnail of
 * size `thumb` and a `tensorSize`² tensor (null: none); see [Note: The working copy and shrink-on-load]. A photo less
 * than twice that size is decoded whole: a resize so slight saves little work and only blurs (0.67/255 from PIL for a
 * 450×600 photo at S = 224, 0.001 whole).
 */
export function workingBox(photo: Box, thumb: Box, tensorSize: number | null): Box {
  const tensor = Math.ceil(TENSOR_MARGIN * (tensorSize ?? 0));
  const box = { width: Math.max(thumb.width, tensor), height: Math.max(thumb.height, tensor) };
  return Math.min(photo.width / box.width, photo.height / box.height) < 2 ? photo : box;
}
