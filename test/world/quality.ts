/** What a person gets on the held-out world, measured through the product's search service and tag suggestions. */
import type { SearchHit, SearchRequest } from '../../preload/contract.js';
import type { LogitCalibration } from '../../main/core/ml/scores.js';
import { createSearchService, type SearchService } from '../../main/core/search/search-service.js';
import { PromptEmbeddingCache } from '../../main/core/tags/prompt-embeddings.js';
import { defaultThreshold } from '../../main/core/tags/suggest-scores.js';
import { suggestTags } from '../../main/core/tags/suggest.js';
import { loadVocabulary, type Vocabulary } from '../../main/core/tags/vocabulary.js';
import type { WorldCatalog } from './world-catalog.js';

/** Which photos a query should find: a predicate over the photo's ground-truth concepts. */
interface Query {
  text: string;
  relevant: (concepts: Set<string>) => boolean;
}

const COLOURS = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'white', 'black'];
const SHAPES = ['circle', 'square', 'triangle', 'star', 'cross'];
const BACKGROUNDS: Record<string, string> = { grass: 'grass', beach: 'beach', sky: 'sky', snow: 'snow', wall: 'brick wall', night: 'night' };
const BG_PHRASE: Record<string, string> = { grass: 'on grass', beach: 'on a beach', sky: 'in the sky', snow: 'in the snow', wall: 'in front of a brick wall', night: 'at night' };

const has = (...all: string[]) => (c: Set<string>) => all.every((x) => c.has(x));
/** A colour counts when it is the main object's or the second object's. */
const showsColour = (colour: string) => (c: Set<string>) => c.has(colour) || c.has(`second:${colour}`);

/** The query sets of the issue: single concepts, compositions, exclusions, other languages. */
export function worldQueries(): Record<'single' | 'compositional' | 'negated' | 'multilingual', Query[]> {
  const pairs: [string, string, string][] = [['red', 'square', 'grass'], ['blue', 'circle', 'snow'], ['yellow', 'star', 'night'],
    ['green', 'triangle', 'beach'], ['purple', 'cross', 'wall'], ['orange', 'circle', 'sky'], ['white', 'square', 'night'], ['black', 'star', 'snow']];
  return {
    single: [
      ...COLOURS.map((c) => ({ text: c, relevant: showsColour(c) })),
      ...SHAPES.map((s) => ({ text: s, relevant: (c: Set<string>) => c.has(s) || c.has(`second:${s}`) })),
      ...Object.entries(BACKGROUNDS).map(([b, words]) => ({ text: words, relevant: has(b) })),
    ],
    compositional: [
      ...pairs.map(([c, s]) => ({ text: `${c} ${s}`, relevant: has(c, s) })),
      ...pairs.map(([c, s, b]) => ({ text: `${c} ${s} ${BG_PHRASE[b]}`, relevant: has(c, s, b) })),
    ],
    negated: pairs.map(([c, s]) => ({ text: `${s} -${c}`, relevant: (x: Set<string>) => x.has(s) && !x.has(c) })),
    multilingual: [
      { text: 'ein roter Kreis', relevant: has('red', 'circle') }, { text: 'ein blaues Quadrat', relevant: has('blue', 'square') },
      { text: 'gelbe Sterne bei Nacht', relevant: has('yellow', 'star', 'night') }, { text: 'ein grünes Dreieck am Strand', relevant: has('green', 'triangle', 'beach') },
      { text: 'un cercle rouge', relevant: has('red', 'circle') }, { text: 'un carré bleu', relevant: has('blue', 'square') },
      { text: 'une étoile jaune la nuit', relevant: has('yellow', 'star', 'night') }, { text: 'une croix violette', relevant: has('purple', 'cross') },
    ],
  };
}

/** Every quality figure, as fractions in [0, 1] (per photo for the suggestion count). */
export interface QualityFigures {
  photos: number;
  search: Record<string, { precisionAt10: number; recallAt50: number }>;
  cutoff: Record<'calibrated' | 'uncalibrated', { precision: number; recall: number; shownPerQuery: number }>;
  similar: { colourAndShapeAt10: number; colourAt10: number };
  suggestions: Record<'calibrated' | 'uncalibrated', { precision: number; recall: number; perPhoto: number }>;
  invariants: { exclusionAddedStrong: number; relativeCutoffAboveBest: number };
}

const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Options that let a test break the product on purpose and watch the floors fail. */
export interface QualityOptions {
  /** Replaces the calibration the search and suggestions get (e.g. a wrong bias). */
  calibration?: LogitCalibration;
}

/** Runs every measurement over `world` (a fresh catalog: suggestions are written into it). */
export async function measureQuality(world: WorldCatalog, opts: QualityOptions = {}): Promise<QualityFigures> {
  const concepts = new Map<number, Set<string>>([...world.truth].map(([id, p]) => [id, new Set(p.concepts)]));
  const calibration = opts.calibration ?? world.calibration;
  const service = (cal: LogitCalibration | null): SearchService => createSearchService({
    db: world.db, getIndex: () => world.index, embedText: (t) => world.text.embed(t), getCalibration: () => cal, modelId: () => world.modelId,
  });
  const calibrated = service(calibration);
  const uncalibrated = service(null);
  const run = async (s: SearchService, req: SearchRequest): Promise<{ hits: SearchHit[]; strong: number; cutoff: number; kind: string }> => {
    const hits: SearchHit[] = [];
    let strong = 0;
    let cutoff = 0;
    let kind = 'none';
    for (let offset = 0; offset < world.truth.size; offset += 500) {
      const r = await s.search({ ...req, includeWeak: true, limit: 500, offset });
      if (!r.ok) throw new Error(`search ${JSON.stringify(req)}: ${r.error.message}`);
      hits.push(...r.value.hits);
      [strong, cutoff, kind] = [r.value.strongCount, r.value.cutoff.value, r.value.cutoff.kind];
      if (r.value.hits.length < 500) break;
    }
    return { hits, strong, cutoff, kind };
  };
  const relevantCount = (q: Query): number => [...concepts.values()].filter(q.relevant).length;

  const search: QualityFigures['search'] = {};
  const sets = worldQueries();
  for (const [name, queries] of Object.entries(sets)) {
    const p10: number[] = [];
    const r50: number[] = [];
    for (const q of queries) {
      // A query with nothing relevant in this catalog (a concept the tiny fixture lacks) measures nothing.
      const total = relevantCount(q);
      if (total === 0) continue;
      const { hits } = await run(calibrated, { query: q.text });
      const rel = (h: SearchHit): boolean => q.relevant(concepts.get(h.photo.id)!);
      p10.push(hits.slice(0, 10).filter(rel).length / Math.min(10, total));
      r50.push(hits.slice(0, 50).filter(rel).length / Math.min(50, total));
    }
    search[name] = { precisionAt10: mean(p10), recallAt50: mean(r50) };
  }

  const cutoff = {} as QualityFigures['cutoff'];
  const plain = [...sets.single, ...sets.compositional];
  for (const [label, s] of [['calibrated', calibrated], ['uncalibrated', uncalibrated]] as const) {
    const precision: number[] = [];
    const recall: number[] = [];
    const shown: number[] = [];
    for (const q of plain) {
      const total = relevantCount(q);
      if (total === 0) continue;
      const { hits, strong } = await run(s, { query: q.text });
      const strongHits = hits.filter((h) => h.strong);
      const good = strongHits.filter((h) => q.relevant(concepts.get(h.photo.id)!)).length;
      shown.push(strong);
      if (strong > 0) precision.push(good / strong);
      recall.push(good / total);
    }
    cutoff[label] = { precision: mean(precision), recall: mean(recall), shownPerQuery: mean(shown) };
  }

  const ids = [...world.truth.keys()];
  const probes = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 50)) === 0).slice(0, 50);
  const both: number[] = [];
  const colour: number[] = [];
  for (const id of probes) {
    const me = world.truth.get(id)!;
    const [c, s] = me.concepts as [string, string];
    const { hits } = await run(calibrated, { similarTo: id });
    const top = hits.filter((h) => h.photo.id !== id).slice(0, 10).map((h) => concepts.get(h.photo.id)!);
    both.push(top.filter((x) => x.has(c) && x.has(s)).length / 10);
    colour.push(top.filter((x) => x.has(c)).length / 10);
  }

  let exclusionAddedStrong = 0;
  let relativeCutoffAboveBest = 0;
  for (const c of COLOURS.slice(0, 4)) {
    for (const d of COLOURS.slice(4)) {
      const alone = await run(calibrated, { query: c });
      const excluded = await run(calibrated, { query: `${c} -${d}` });
      if (excluded.strong > alone.strong) exclusionAddedStrong++;
      if (excluded.kind === 'relative' && excluded.hits.length > 0 && excluded.cutoff > excluded.hits[0]!.score) relativeCutoffAboveBest++;
    }
  }

  const suggestions = {} as QualityFigures['suggestions'];
  for (const [label, cal] of [['calibrated', calibration], ['uncalibrated', null]] as const) {
    suggestions[label] = await suggestionQuality(world, cal, concepts);
  }
  return {
    photos: world.truth.size, search, cutoff, similar: { colourAndShapeAt10: mean(both), colourAt10: mean(colour) }, suggestions,
    invariants: { exclusionAddedStrong, relativeCutoffAboveBest },
  };
}

/** The world's concepts as a vocabulary with the product's own prompt templates. */
export function worldVocabulary(): Vocabulary {
  const templates = loadVocabulary().templates;
  const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
  const entries = [
    ...COLOURS.map((c) => ({ name: `World/${cap(c)}`, prompt: `${c} object` })),
    ...SHAPES.map((s) => ({ name: `World/${cap(s)}`, prompt: s })),
    ...Object.entries(BACKGROUNDS).map(([b, words]) => ({ name: `World/${cap(b)}`, prompt: words })),
  ];
  return { version: 1, templates, entries };
}

/** Pending suggestions kept per photo, as the product's default setting. */
const MAX_PER_PHOTO = 15;

/** suggestTags over every photo, then what Review shows at the default sensitivity against the truth. */
async function suggestionQuality(world: WorldCatalog, calibration: LogitCalibration | null, concepts: Map<number, Set<string>>) {
  const vocabulary = worldVocabulary();
  const r = await suggestTags({
    db: world.db,
    vocabulary,
    prompts: new PromptEmbeddingCache(),
    embedText: (t) => world.text.embed(t),
    modelKey: () => world.modelId,
    calibration: () => Promise.resolve(calibration),
    maxPerPhoto: () => MAX_PER_PHOTO,
  });
  if (!r.ok) throw new Error(r.error.message);
  const threshold = defaultThreshold(0.5);
  // Proposals of tags the person has, and of vocabulary concepts that are not tags yet (see [Note: Vocabulary apart from tags]).
  const rows = world.db
    .prepare(
      `SELECT s.photo_id AS photo, t.name AS tag FROM suggestions s JOIN tags t ON t.id = s.tag_id WHERE s.status = 'pending' AND s.score >= ?
       UNION ALL
       SELECT cs.photo_id AS photo, c.name AS tag FROM concept_suggestions cs JOIN concepts c ON c.id = cs.concept_id
       WHERE cs.status = 'pending' AND cs.score >= ?`,
    )
    .all(threshold, threshold) as { photo: number; tag: string }[];
  const conceptOf = (tag: string): string => tag.split('/').pop()!.toLowerCase();
  const precision: number[] = [];
  const recall: number[] = [];
  for (const entry of vocabulary.entries) {
    const concept = conceptOf(entry.name);
    const shown = rows.filter((x) => x.tag === entry.name);
    const truth = [...concepts].filter(([, c]) => c.has(concept)).map(([id]) => id);
    const good = shown.filter((x) => concepts.get(x.photo)!.has(concept)).length;
    if (shown.length > 0) precision.push(good / shown.length);
    if (truth.length > 0) recall.push(good / truth.length);
  }
  return { precision: mean(precision), recall: mean(recall), perPhoto: rows.length / world.truth.size };
}
