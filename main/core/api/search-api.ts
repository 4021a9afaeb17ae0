/** The search part of the API: text, negated, combined and find-similar queries over the serving model. */
import type { ShoeboxApi } from '../../../preload/contract.js';
import type { LogitCalibration } from '../ml/scores.js';
import { fail } from '../result.js';
import { createSearchService } from '../search/search-service.js';
import type { CoreContext } from './context.js';

/** Embeds texts with the serving model's text tower; throws a readable error when no model is installed. */
export function textEmbedder(ctx: CoreContext): (texts: string[]) => Promise<Float32Array[]> {
  return async (texts) => {
    const vectors = await ctx.models.embedTexts(ctx.settings().provider, texts);
    if (!vectors) throw new Error('No model is installed yet — choose one under Models to search by description');
    return vectors;
  };
}

/** Builds the search API. */
export function searchApi(ctx: CoreContext): Pick<ShoeboxApi, 'search'> {
  let calibration: LogitCalibration | null = null;
  const service = createSearchService({
    db: ctx.db,
    getIndex: () => ctx.models.vectorIndex(),
    embedText: textEmbedder(ctx),
    getCalibration: () => calibration,
    modelId: () => ctx.models.servingKey(),
  });
  return {
    async search(req) {
      const needsModel = (req.query?.trim() ?? '') !== '' || req.similarTo !== undefined;
      if (needsModel && !ctx.models.servingId()) {
        return fail('no_model', 'No model is installed yet — choose one under Models to search by description');
      }
      calibration = await ctx.models.calibration();
      return service.search(req);
    },
  };
}
