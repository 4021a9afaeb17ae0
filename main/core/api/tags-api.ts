/** The tags part of the API: editing, zero-shot suggestions, review, bulk apply and undo. */
import type { Result, ShoeboxApi, TagChange } from '../../../preload/contract.js';
import { fail, ok } from '../result.js';
import { listVocabulary } from '../tags/concepts.js';
import { clearMarks } from '../tags/suggest-store.js';
import { acceptSuggestions, rejectSuggestions, reviewGroups, tagCandidates } from '../tags/suggestion-review.js';
import { addTags, deleteTag, mergeTags, removeTags, renameTag, type EditOutcome } from '../tags/tag-edit.js';
import { createTag, listTags, requirePhotos } from '../tags/tag-store.js';
import { undoLast } from '../tags/undo-log.js';
import type { CoreContext } from './context.js';

type TagsApi = Pick<
  ShoeboxApi,
  | 'listTags'
  | 'addTags'
  | 'removeTags'
  | 'renameTag'
  | 'mergeTags'
  | 'deleteTag'
  | 'createTag'
  | 'suggestTags'
  | 'reviewGroups'
  | 'tagCandidates'
  | 'acceptSuggestions'
  | 'rejectSuggestions'
  | 'undo'
  | 'listVocabulary'
  | 'suggestionProgress'
  | 'pauseSuggestions'
  | 'resumeSuggestions'
>;

/**
 * Builds the tags API; every change is announced, and `onTagsChanged` drains the sidecar outbox the change filled in
 * its own transaction (sidecars are rewritten when XMP write-back is on).
 */
export function tagsApi(ctx: CoreContext, onTagsChanged: () => Promise<void>): TagsApi {
  const job = ctx.suggestions.job;
  const review = async () => ({ sensitivity: ctx.settings().tagSensitivity, calibrated: (await ctx.suggestions.calibration()) !== null });

  const changed = async (r: Result<EditOutcome>): Promise<Result<TagChange>> => {
    if (!r.ok) return r;
    ctx.emit('libraryChanged', { kind: 'tags' });
    await onTagsChanged();
    // A new, renamed or deleted tag changes what is scored: the job scores what that makes stale.
    job.kick();
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
    createTag: async (name) => changed(createTag(ctx.db, name)),
    async suggestTags({ photoIds }) {
      if (!ctx.models.servingKey()) return fail('no_model', 'No model is installed yet — choose one under Models to get tag suggestions');
      if (photoIds !== undefined) {
        const checked = requirePhotos(ctx.db, photoIds);
        if (!checked.ok) return checked;
        clearMarks(ctx.db, checked.value);
      }
      job.kick();
      await job.idle();
      const failed = job.progress().message;
      if (failed) return fail('internal', failed);
      return ok(pendingCounts(ctx, photoIds));
    },
    async reviewGroups() {
      return ok(reviewGroups(ctx.db, await review()));
    },
    async tagCandidates({ tag, offset, limit }) {
      return tagCandidates(ctx.db, await review(), tag, offset, limit);
    },
    acceptSuggestions: async (req) => changed(acceptSuggestions(ctx.db, await review(), req)),
    rejectSuggestions: async (req) => changed(rejectSuggestions(ctx.db, await review(), req)),
    async listVocabulary() {
      return ok(listVocabulary(ctx.db));
    },
    async suggestionProgress() {
      return ok(job.progress());
    },
    async pauseSuggestions() {
      return ok(job.pause());
    },
    async resumeSuggestions() {
      return ok(job.resume());
    },
    async undo() {
      const change = undoLast(ctx.db);
      if (!change) return ok(null);
      ctx.emit('libraryChanged', { kind: 'tags' });
      await onTagsChanged();
      return ok(change);
    },
  };
}

/** Pending suggestions and scored photos, of the given photos or the whole library. */
function pendingCounts(ctx: CoreContext, photoIds?: number[]): { suggestions: number; photos: number } {
  const only = photoIds === undefined ? '' : ' AND photo_id IN (SELECT value FROM json_each(?))';
  const args = photoIds === undefined ? [] : [JSON.stringify(photoIds)];
  const count = (sql: string): number => (ctx.db.prepare(sql).get(...args) as { n: number }).n;
  return {
    suggestions:
      count(`SELECT COUNT(*) AS n FROM suggestions WHERE status = 'pending'${only}`) +
      count(`SELECT COUNT(*) AS n FROM concept_suggestions WHERE status = 'pending'${only}`),
    photos: count(`SELECT COUNT(*) AS n FROM suggestion_marks WHERE 1${only}`),
  };
}
