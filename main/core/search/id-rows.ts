/** Photo id → matrix row: a typed array while ids are dense (4–6 B per photo), a Map once they are not (~30 B). */

/** Ids up to this much past twice the count stay in the typed array. */
const SLACK = 1024;

/** A Map<number, number> of non-negative integer ids to rows, stored densely while it can be. */
export class IdRows {
  private dense: Int32Array | null = new Int32Array(SLACK).fill(-1);
  private sparse: Map<number, number> | null = null;
  private count = 0;

  /** Number of ids held. */
  get size(): number {
    return this.count;
  }

  /** The row of `id`, if it has one. */
  get(id: number): number | undefined {
    if (this.sparse) return this.sparse.get(id);
    const row = Number.isInteger(id) && id >= 0 && id < this.dense!.length ? this.dense![id]! : -1;
    return row >= 0 ? row : undefined;
  }

  /** Whether `id` has a row. */
  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Sets the row of `id` (a row ≥ 0). */
  set(id: number, row: number): void {
    const had = this.has(id);
    if (!this.sparse && !(Number.isInteger(id) && id >= 0 && this.fits(id))) this.toSparse();
    if (this.sparse) this.sparse.set(id, row);
    else this.dense![id] = row;
    if (!had) this.count++;
  }

  /** Drops `id`; returns whether it had a row. */
  delete(id: number): boolean {
    if (!this.has(id)) return false;
    if (this.sparse) this.sparse.delete(id);
    else this.dense![id] = -1;
    this.count--;
    return true;
  }

  /** Whether `id` can live in the typed array (growing it 1.5× at a time if ids stay dense). */
  private fits(id: number): boolean {
    const dense = this.dense!;
    if (id < dense.length) return true;
    if (id > 2 * (this.count + 1) + SLACK) return false;
    const grown = new Int32Array(Math.max(id + 1, Math.ceil(dense.length * 1.5))).fill(-1);
    grown.set(dense);
    this.dense = grown;
    return true;
  }

  private toSparse(): void {
    const dense = this.dense!;
    this.sparse = new Map();
    for (let id = 0; id < dense.length; id++) if (dense[id]! >= 0) this.sparse.set(id, dense[id]!);
    this.dense = null;
  }
}
