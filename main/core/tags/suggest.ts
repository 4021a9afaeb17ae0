/** A suggestion pass on the calling thread (tests and benchmarks compare it with the background job). */
import type { Result } from '../../../preload/contract.js';
import { fail, ok } from '../result.js';
import { runPass } from './suggest-pass.js';
import { buildPlan, type PlanDeps } from './suggest-plan.js';
import { clearMarks } from './suggest-store.js';
import { requirePhotos } from './tag-store.js';

/**
 * Scores the photos that need it (and `photoIds` again, when given) and stores at most the per-photo bound of
 * proposals each, exactly as the background job does but without a worker thread.
 */
export async function suggestTags(deps: PlanDeps, photoIds?: number[]): Promise<Result<{ suggestions: number; photos: number }>> {
  if (photoIds !== undefined) {
    const checked = requirePhotos(deps.db, photoIds);
    if (!checked.ok) return checked;
    clearMarks(deps.db, checked.value);
  }
  const outcome = await buildPlan(deps);
  if (outcome.kind === 'unavailable') return fail('no_model', outcome.message);
  if (outcome.kind === 'nothing') return ok({ suggestions: 0, photos: 0 });
  const control = { onProgress: () => undefined, waitIfPaused: async () => undefined, stopped: () => false };
  return ok(await runPass(deps.db, outcome.plan, control, 1));
}
