/** One suggestion pass over the photos that need it: pages of vectors → MatMul → per-photo picks → catalog. */
import type { Db } from '../catalog/db.js';
import type { LogitCalibration } from '../ml/scores.js';
import { SuggestKernel } from './suggest-matmul.js';
import { columnBackground, pickRow, type ColumnBackground, type ScoringRule } from './suggest-scores.js';
import { countStale, countVectors, samplePage, skippedColumns, stalePage, storePicks, type PassTarget } from './suggest-store.js';

/** Everything a pass needs, built on the API's side (see suggest-plan.ts) and sent to the suggestion thread. */
export interface PassPlan {
  /** The embedding key whose vectors are scored. */
  modelKey: string;
  /** What a photo scored by this pass is marked with; a photo marked otherwise is scored again. */
  scoredWith: string;
  targets: PassTarget[];
  /** One template-averaged unit vector per target, row after row. */
  prompts: Float32Array;
  dim: number;
  calibration: LogitCalibration | null;
  maxPerPhoto: number;
}

/** How the caller steers a pass: progress reports, pausing between pages, stopping. */
export interface PassControl {
  onProgress(done: number, total: number): void;
  /** Resolves when the pass may go on (at once unless paused). */
  waitIfPaused(): Promise<void>;
  stopped(): boolean;
}

/** The concepts' backgrounds of the last pass, reused while the marker is the same and the library grew little. */
export interface BackgroundCache {
  scoredWith: string;
  libraryPhotos: number;
  background: ColumnBackground;
}

/** Photos per page: ~2 GFLOP of MatMul at B/16 shapes, and one short write transaction. */
export const PAGE_ROWS = 2048;
/** Photos sampled for each concept's background when the model is uncalibrated. */
export const BACKGROUND_SAMPLE = 8192;

/**
 * Scores every photo not yet marked with `plan.scoredWith` and stores at most `plan.maxPerPhoto` proposals each.
 * Resumable: each page's proposals and marks commit together, so after a crash the next pass starts where the
 * marks stop. Returns how many photos were scored and proposals stored.
 */
export async function runPass(
  db: Db,
  plan: PassPlan,
  control: PassControl,
  threads = 1,
  cache: { last: BackgroundCache | null } = { last: null },
): Promise<{ photos: number; suggestions: number }> {
  const total = countStale(db, plan.modelKey, plan.scoredWith);
  control.onProgress(0, total);
  if (total === 0 || plan.targets.length === 0) return { photos: 0, suggestions: 0 };
  const kernel = await SuggestKernel.create(plan.prompts, plan.dim, threads);
  try {
    const libraryPhotos = countVectors(db, plan.modelKey);
    const rule: ScoringRule = { calibration: plan.calibration, background: null, libraryPhotos, maxPerPhoto: plan.maxPerPhoto };
    if (!plan.calibration) {
      // An incremental pass (a few new photos) reuses the backgrounds: re-sampling would cost more than the pass.
      const last = cache.last;
      if (last && last.scoredWith === plan.scoredWith && Math.abs(libraryPhotos - last.libraryPhotos) <= 0.1 * last.libraryPhotos) {
        rule.background = last.background;
      } else {
        const sample = samplePage(db, plan.modelKey, plan.dim, libraryPhotos, BACKGROUND_SAMPLE);
        const rows = sample.photoIds.length;
        if (rows === 0) return { photos: 0, suggestions: 0 };
        rule.background = columnBackground(await kernel.score(sample.vectors, rows), rows, kernel.columns);
        cache.last = { scoredWith: plan.scoredWith, libraryPhotos, background: rule.background };
      }
    }
    let after = Number.MIN_SAFE_INTEGER;
    let done = 0;
    let suggestions = 0;
    while (!control.stopped()) {
      await control.waitIfPaused();
      if (control.stopped()) break;
      const { page, last } = stalePage(db, plan.modelKey, plan.scoredWith, plan.dim, after, PAGE_ROWS);
      if (last === null) break;
      after = last;
      const rows = page.photoIds.length;
      if (rows > 0) {
        const cos = await kernel.score(page.vectors, rows);
        const skip = skippedColumns(db, page.photoIds, plan.targets);
        const picks = page.photoIds.map((id, i) => pickRow(cos, i * kernel.columns, kernel.columns, rule, skip.get(id)));
        suggestions += storePicks(db, plan.modelKey, plan.scoredWith, plan.targets, page.photoIds, picks);
      }
      done += rows;
      control.onProgress(done, Math.max(total, done));
    }
    return { photos: done, suggestions };
  } finally {
    await kernel.release();
  }
}
