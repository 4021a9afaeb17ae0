/** The tags part of the API: editing, zero-shot suggestions, review, bulk apply and undo. */
import { join } from 'node:path';
import type { Result, ShoeboxApi, TagChange } from '../../../preload/contract.js';
import { fail, ok } from '../result.js';
import { PromptEmbeddingCache } from '../tags/prompt-embeddings.js';
import { suggestTags } from '../tags/suggest.js';
import { acceptSuggestions, rejectSuggestions, reviewGroups, tagCandidates } from '../tags/suggestion-review.js';
import { addTags, deleteTag, mergeTags, removeTags, renameTag, type EditOutcome } from '../tags/tag-edit.js';
import { listTags } from '../tags/tag-store.js';
import { undoLast } from '../tags/undo-log.js';
import { loadVocabulary } from '../tags/vocabulary.js';
import type { CoreContext } from './context.js';
import { textEmbedder } from './search-api.js';

type TagsApi = Pick<
  ShoeboxApi,
  | 'listTags'
  | 'addTags'
  | 'removeTags'
  | 'renameTag'
  | 'mergeTags'
  | 'deleteTag'
  | 'suggestTags'
  | 'reviewGroups'
  | 'tagCandidates'
  | 'acceptSuggestions'
  | 'rejectSuggestions'
  | 'undo'
>;

/**
 * Builds the tags API; every change is announced, and `onTagsChanged` drains the sidecar outbox the change filled in
 * its own transaction (sidecars are rewritten when XMP write-back is on).
 */
export function tagsApi(ctx: CoreContext, onTagsChanged: () => Promise<void>): TagsApi {
  const vocabulary = loadVocabulary();
  const prompts = new PromptEmbeddingCache(join(ctx.paths.cacheDir, 'prompt-embeddings.json'));
  const embedText = textEmbedder(ctx);

  const review = async () => ({ sensitivity: ctx.settings().tagSensitivity, calibrated: (await ctx.models.calibration()) !== null });

  const changed = async (r: Result<EditOutcome>): Promise<Result<TagChange>> => {
    if (!r.ok) return r;
    ctx.emit('libraryChanged', { kind: 'tags' });
    await onTagsChanged();
    return ok(r.value.change);
  };

  return {
    async listTags() {
      return ok(listTags(ctx.db));
    },
    addTags: async ({ photoIds, names }) => changed(addTags(ctx.db, photoIds, names)),
    removeTags: async ({ photoIds, names }) => changed(removeTags(ctx.db, photoIds, names)),
    renameTag: async ({ from, to }) => changed(renameTag(ctx.db, from, to)),
    mergeTags: async ({ from, into }) => changed(mergeTags(ctx.db, from, into)),
    deleteTag: async (name) => changed(deleteTag(ctx.db, name)),
    async suggestTags({ photoIds }) {
      const modelId = ctx.models.servingKey();
      if (!modelId) return fail('no_model', 'No model is installed yet — choose one under Models to get tag suggestions');
      const calibration = await ctx.models.calibration();
      const r = await suggestTags({ db: ctx.db, modelId, embedText, calibration, vocabulary, prompts }, photoIds);
      if (r.ok) ctx.emit('libraryChanged', { kind: 'tags' });
      return r;
    },
    async reviewGroups() {
      return ok(reviewGroups(ctx.db, await review()));
    },
    async tagCandidates({ tag, offset, limit }) {
      return tagCandidates(ctx.db, await review(), tag, offset, limit);
    },
    acceptSuggestions: async (req) => changed(acceptSuggestions(ctx.db, await review(), req)),
    rejectSuggestions: async (req) => changed(rejectSuggestions(ctx.db, await review(), req)),
    async undo() {
      const change = undoLast(ctx.db);
      if (!change) return ok(null);
      ctx.emit('libraryChanged', { kind: 'tags' });
      await onTagsChanged();
      return ok(change);
    },
  };
}
