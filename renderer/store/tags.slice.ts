/** Tags: the person's tag list and the vocabulary, the review of suggestions, every tag change + undo. */
import type {
  SearchFilters,
  SuggestionCandidate,
  SuggestionGroup,
  TagChange,
  TagSummary,
  VocabularyConcept,
} from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import { preselect, searchActive } from './selectors.js';
import type { Slice } from './types.js';

/** Candidates fetched per tag; the review shows the most confident ones first. */
const candidateLimit = 500;

export interface TagsSlice {
  /** The person's tags with counts (never the vocabulary). */
  tagList: TagSummary[] | null;
  /** The zero-shot vocabulary with pending counts, loaded for autocomplete and browsing. */
  vocabulary: VocabularyConcept[] | null;
  loadTagList(): Promise<void>;
  loadVocabulary(): Promise<void>;
  createTag(name: string): Promise<void>;
  renameTag(from: string, to: string): Promise<void>;
  mergeTags(from: string[], into: string): Promise<void>;
  deleteTag(name: string): Promise<void>;
  /** Shows the library filtered by these tags (all of them, any of them, or none of them). */
  filterByTags(names: string[], mode: NonNullable<SearchFilters['tagMode']>): void;
  pauseSuggestions(): Promise<void>;
  resumeSuggestions(): Promise<void>;
  groups: SuggestionGroup[] | null;
  category: string;
  activeTag: string | null;
  candidates: SuggestionCandidate[] | null;
  threshold: number;
  reviewSelected: Set<number>;
  reviewFocus: number;
  loadGroups(): Promise<void>;
  /** Asks core to compute suggestions for the whole library now. */
  suggestNow(): Promise<void>;
  setCategory(category: string): void;
  chooseTag(tag: string): Promise<void>;
  setThreshold(threshold: number): void;
  toggleCandidate(photoId: number): void;
  setReviewFocus(index: number): void;
  acceptOne(photoId: number): Promise<void>;
  rejectOne(photoId: number): Promise<void>;
  applySelected(): Promise<void>;
  rejectRest(): Promise<void>;
  addTags(photoIds: number[], names: string[]): Promise<void>;
  removeTags(photoIds: number[], names: string[]): Promise<void>;
  undo(): Promise<void>;
}

export const createTagsSlice: Slice<TagsSlice> = (set, get) => {
  /** After any tag change: every view that shows tags refetches. */
  const afterChange = async (change: TagChange | null | undefined, offerUndo: boolean): Promise<void> => {
    if (change && offerUndo) get().toast(change.undoable ? 'undo' : 'info', change.label);
    const s = get();
    await Promise.all([
      s.loadGroups(),
      s.loadTagList(),
      s.activeTag ? s.chooseTag(s.activeTag) : Promise.resolve(),
      s.refreshLibrary(),
      s.reloadDetail(),
      searchActive(s) ? s.runSearch() : Promise.resolve(),
    ]);
  };
  const change = (run: () => ReturnType<typeof api.addTags>) => get().attempt(() => unwrap(run()));

  return {
    tagList: null,
    vocabulary: null,
    loadTagList: async () => {
      const tagList = await get().attempt(() => unwrap(api.listTags()));
      if (tagList) set({ tagList });
    },
    loadVocabulary: async () => {
      const vocabulary = await get().attempt(() => unwrap(api.listVocabulary()));
      if (vocabulary) set({ vocabulary });
    },
    createTag: async (name) => {
      await afterChange(await change(() => api.createTag(name)), true);
    },
    renameTag: async (from, to) => {
      await afterChange(await change(() => api.renameTag({ from, to })), true);
    },
    mergeTags: async (from, into) => {
      await afterChange(await change(() => api.mergeTags({ from, into })), true);
    },
    deleteTag: async (name) => {
      await afterChange(await change(() => api.deleteTag(name)), true);
    },
    filterByTags: (names, mode) => {
      const { filters, setFilters, setView } = get();
      const { tags: _tags, tagMode: _mode, untagged: _untagged, ...rest } = filters;
      setView('library');
      setFilters(names.length === 0 ? rest : { ...rest, tags: names, tagMode: mode });
    },
    pauseSuggestions: async () => {
      const suggesting = await get().attempt(() => unwrap(api.pauseSuggestions()));
      const job = get().job;
      if (suggesting && job) get().setJob({ ...job, suggesting });
    },
    resumeSuggestions: async () => {
      const suggesting = await get().attempt(() => unwrap(api.resumeSuggestions()));
      const job = get().job;
      if (suggesting && job) get().setJob({ ...job, suggesting });
    },
    groups: null,
    category: 'all',
    activeTag: null,
    candidates: null,
    threshold: 0.5,
    reviewSelected: new Set(),
    reviewFocus: 0,
    loadGroups: async () => {
      const groups = await get().attempt(() => unwrap(api.reviewGroups()));
      if (!groups) return;
      const { activeTag, candidates } = get();
      const active = activeTag ? groups.find((g) => g.tag === activeTag) : undefined;
      set({ groups, ...(activeTag && !active ? { activeTag: null, candidates: null } : {}) });
      // Suggestions may be recomputed in the background: refetch when the chosen tag's candidates went stale.
      if (active && (candidates === null || candidates.length !== Math.min(active.count, candidateLimit))) void get().chooseTag(active.tag);
    },
    suggestNow: async () => {
      const n = await get().attempt(() => unwrap(api.suggestTags({})));
      if (n) get().toast('info', `Found ${n.suggestions} suggestions for ${n.photos} photos.`);
      await get().loadGroups();
    },
    setCategory: (category) => set({ category }),
    chooseTag: async (tag) => {
      const switching = tag !== get().activeTag;
      const group = get().groups?.find((g) => g.tag === tag);
      const threshold = switching ? (group?.threshold ?? 0.5) : get().threshold;
      if (switching) set({ activeTag: tag, candidates: null, threshold, reviewFocus: 0 });
      const candidates = (await get().attempt(() => unwrap(api.tagCandidates({ tag, limit: candidateLimit })))) ?? [];
      if (get().activeTag !== tag) return;
      const sorted = [...candidates].sort((a, b) => b.score - a.score);
      set((s) => ({
        candidates: sorted,
        reviewSelected: preselect(sorted, threshold),
        reviewFocus: Math.min(s.reviewFocus, Math.max(0, sorted.length - 1)),
      }));
    },
    setThreshold: (threshold) => set((s) => ({ threshold, reviewSelected: preselect(s.candidates ?? [], threshold) })),
    toggleCandidate: (photoId) =>
      set((s) => {
        const reviewSelected = new Set(s.reviewSelected);
        if (!reviewSelected.delete(photoId)) reviewSelected.add(photoId);
        return { reviewSelected };
      }),
    setReviewFocus: (reviewFocus) => set({ reviewFocus }),
    acceptOne: async (photoId) => {
      const tag = get().activeTag;
      if (tag) await afterChange(await change(() => api.acceptSuggestions({ tag, photoIds: [photoId] })), true);
    },
    rejectOne: async (photoId) => {
      const tag = get().activeTag;
      if (tag) await afterChange(await change(() => api.rejectSuggestions({ tag, photoIds: [photoId] })), true);
    },
    applySelected: async () => {
      const { activeTag: tag, reviewSelected } = get();
      if (!tag || reviewSelected.size === 0) return;
      await afterChange(await change(() => api.acceptSuggestions({ tag, photoIds: [...reviewSelected] })), true);
    },
    rejectRest: async () => {
      const { activeTag: tag, reviewSelected, candidates } = get();
      const rest = (candidates ?? []).map((c) => c.photo.id).filter((id) => !reviewSelected.has(id));
      if (!tag || rest.length === 0) return;
      await afterChange(await change(() => api.rejectSuggestions({ tag, photoIds: rest })), true);
    },
    addTags: async (photoIds, names) => {
      await afterChange(await change(() => api.addTags({ photoIds, names })), true);
    },
    removeTags: async (photoIds, names) => {
      await afterChange(await change(() => api.removeTags({ photoIds, names })), true);
    },
    undo: async () => {
      const undone = await get().attempt(() => unwrap(api.undo()));
      if (undone === null) get().toast('info', 'Nothing to undo.');
      else if (undone) get().toast('info', undone.label);
      await afterChange(undone, false);
    },
  };
};
