/** Shared shapes of the benchmark suite: what a benchmark gets, and the figures it reports. */

/** A target a figure is held against, e.g. `{ op: '>=', value: 0.95 }`. */
export interface Target {
  op: '>=' | '<=';
  value: number;
}

/** One measured number with its unit and, when the issue sets one, its target. */
export interface Figure {
  /** Stable key for the JSON file, e.g. `limit.xenova.t2.b8`. */
  key: string;
  label: string;
  value: number;
  unit: string;
  target?: Target;
}

/** What one benchmark run returns: its figures and the notes a reader needs to judge them. */
export interface Section {
  name: string;
  figures: Figure[];
  notes: string[];
  seconds?: number;
}

/** Settings every benchmark receives from the runner. */
export interface BenchContext {
  quick: boolean;
  /** Repository root (absolute, with trailing separator). */
  root: string;
  /** The runner's parameter for this run (e.g. the vector count of a search run). */
  param?: string;
}

/** A benchmark file's export. */
export type BenchFn = (ctx: BenchContext) => Promise<Section>;

/** Whether `value` meets `target`. */
export function meets(value: number, target: Target): boolean {
  return target.op === '>=' ? value >= target.value : value <= target.value;
}
