/** Growable row store of int8-quantised vectors (one scale per row) keyed by photo id: the memory side of the index. */

/**
 * [Note: Int8 vector index]
 * Each vector v is stored as codes c = round(v / s) with s = max|v| / 127 (symmetric, one scale per row), so a
 * 768-d photo costs 768 + 4 (scale) + 4 (id) bytes, plus ~40 bytes in the id→row Map: ~0.8 GB for 1M photos.
 * The int8 scan only picks candidates; their exact fp32 vectors are then read back from SQLite by id (one query)
 * for an exact re-rank. fp32 or fp16 copies in RAM would cost 3 GB / 1.5 GB at 1M photos, and SQLite already
 * holds the fp32 vectors, so reading ~a few hundred rows (~1 MB) per query is the cheaper side of that trade.
 */
export class Int8Matrix {
  /** Row-major codes, `capacity * dim` long. */
  codes: Int8Array;
  /** Per-row dequantisation scale. */
  scales: Float32Array;
  /** Photo id of each row. */
  ids: Int32Array;
  private rows = 0;
  private readonly slotOf = new Map<number, number>();

  constructor(
    readonly dim: number,
    capacity = 1024,
  ) {
    const cap = Math.max(1, capacity);
    this.codes = new Int8Array(cap * dim);
    this.scales = new Float32Array(cap);
    this.ids = new Int32Array(cap);
  }

  /** Number of stored rows. */
  get size(): number {
    return this.rows;
  }

  /** Whether a photo has a row. */
  has(photoId: number): boolean {
    return this.slotOf.has(photoId);
  }

  /** Adds or replaces the row of `photoId`. */
  set(photoId: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) {
      throw new Error(`vector of length ${vector.length} given to an index of dimension ${this.dim}`);
    }
    let slot = this.slotOf.get(photoId);
    if (slot === undefined) {
      if (this.rows === this.ids.length) this.grow();
      slot = this.rows++;
      this.slotOf.set(photoId, slot);
      this.ids[slot] = photoId;
    }
    this.scales[slot] = quantizeInto(vector, this.codes, slot * this.dim);
  }

  /** Removes the row of `photoId` (the last row moves into its place). Returns whether it existed. */
  delete(photoId: number): boolean {
    const slot = this.slotOf.get(photoId);
    if (slot === undefined) return false;
    const last = --this.rows;
    this.slotOf.delete(photoId);
    if (slot !== last) {
      const movedId = this.ids[last]!;
      this.codes.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
      this.scales[slot] = this.scales[last]!;
      this.ids[slot] = movedId;
      this.slotOf.set(movedId, slot);
    }
    return true;
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    const codes = new Int8Array(cap * this.dim);
    codes.set(this.codes);
    const scales = new Float32Array(cap);
    scales.set(this.scales);
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    this.codes = codes;
    this.scales = scales;
    this.ids = ids;
  }
}

/** Quantises `v` into `out[offset ..]` as symmetric int8 codes; returns the scale (0 for an all-zero vector). */
export function quantizeInto(v: ArrayLike<number>, out: Int8Array | Int32Array, offset: number): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  const scale = max / 127;
  const inv = scale === 0 ? 0 : 1 / scale;
  for (let i = 0; i < v.length; i++) out[offset + i] = Math.round(v[i]! * inv);
  return scale;
}
