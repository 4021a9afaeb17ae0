/** Zero-shot tag suggestions: scores photos against the vocabulary and the person's own tags, stores the proposals. */
import type { Result } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { loadEmbeddings } from '../catalog/embeddings.js';
import type { LogitCalibration } from '../ml/scores.js';
import { fail, ok } from '../result.js';
import { PromptEmbeddingCache, type EmbedText } from './prompt-embeddings.js';
import { SCORE_FLOOR, scoreColumn } from './suggest-scores.js';
import { categoryOf, leafName } from './tag-names.js';
import { allTags, ensureTag, requirePhotos } from './tag-store.js';
import type { Vocabulary } from './vocabulary.js';

/** What suggesting needs: the catalog, the active model, its text tower and calibration, the vocabulary. */
export interface SuggestDeps {
  db: Db;
  modelId: string;
  embedText: EmbedText;
  calibration: LogitCalibration | null;
  vocabulary: Vocabulary;
  prompts: PromptEmbeddingCache;
}

/** A concept scored for every photo: a vocabulary entry, or one of the person's tags (its leaf name as prompt). */
export interface Classifier {
  name: string;
  prompt: string;
  category: string | null;
}

/** The vocabulary plus the person's own tags (a vocabulary entry wins when both name the same tag). */
export function classifiers(db: Db, vocabulary: Vocabulary): Classifier[] {
  const out = new Map<string, Classifier>();
  for (const e of vocabulary.entries) out.set(e.name.toLowerCase(), { name: e.name, prompt: e.prompt, category: categoryOf(e.name) });
  for (const t of allTags(db)) {
    if (out.has(t.name.toLowerCase())) continue;
    out.set(t.name.toLowerCase(), { name: t.name, prompt: t.prompt ?? leafName(t.name).toLowerCase(), category: t.category });
  }
  return [...out.values()];
}

/**
 * Scores the photos (all indexed present photos, or `photoIds`) against every classifier and stores suggestions
 * scoring at least {@link SCORE_FLOOR}. Pending suggestions of those photos are replaced; accepted and rejected ones
 * are sticky (a rejection never comes back); tags a photo already has are skipped.
 */
export async function suggestTags(deps: SuggestDeps, photoIds?: number[], now = Date.now()): Promise<Result<{ suggestions: number; photos: number }>> {
  const { db } = deps;
  let wanted: Set<number> | null = null;
  if (photoIds !== undefined) {
    const checked = requirePhotos(db, photoIds);
    if (!checked.ok) return checked;
    wanted = new Set(checked.value);
  }
  const matrix = loadEmbeddings(db, deps.modelId);
  const rows: number[] = [];
  matrix.photoIds.forEach((id, row) => (wanted === null || wanted.has(id)) && rows.push(row));
  if (rows.length === 0) {
    return wanted === null ? ok({ suggestions: 0, photos: 0 }) : fail('not_found', 'None of these photos is indexed with the current model yet');
  }
  const list = classifiers(db, deps.vocabulary);
  const vectors = await deps.prompts.embed(deps.modelId, deps.vocabulary.templates, list.map((c) => c.prompt), deps.embedText);
  const dim = matrix.dim;
  const photoOf = rows.map((r) => matrix.photoIds[r]!);
  const found: { photo: number; classifier: number; score: number }[] = [];
  const cos = new Float64Array(rows.length);
  list.forEach((_, c) => {
    const t = vectors[c]!;
    if (t.length !== dim) throw new Error(`prompt embedding of length ${t.length} for photo vectors of length ${dim}`);
    rows.forEach((r, i) => {
      let s = 0;
      for (let j = 0, base = r * dim; j < dim; j++) s += matrix.vectors[base + j]! * t[j]!;
      cos[i] = s;
    });
    const scores = scoreColumn(cos, deps.calibration);
    scores.forEach((score, i) => score >= SCORE_FLOOR && found.push({ photo: photoOf[i]!, classifier: c, score }));
  });
  const stored = db.transaction(() => {
    const clear = db.prepare(`DELETE FROM suggestions WHERE photo_id = ? AND status = 'pending'`);
    for (const id of photoOf) clear.run(id);
    const tagIds = new Map<number, number>();
    const has = db.prepare('SELECT 1 FROM photo_tags WHERE photo_id = ? AND tag_id = ?');
    const upsert = db.prepare(
      `INSERT INTO suggestions (photo_id, tag_id, model_id, score, status, updated_at) VALUES (?, ?, ?, ?, 'pending', ?)
       ON CONFLICT(photo_id, tag_id) DO NOTHING`,
    );
    let n = 0;
    for (const f of found) {
      const c = list[f.classifier]!;
      let tagId = tagIds.get(f.classifier);
      if (tagId === undefined) {
        tagId = ensureTag(db, c.name, { prompt: c.prompt, category: c.category }, now);
        tagIds.set(f.classifier, tagId);
      }
      if (has.get(f.photo, tagId)) continue;
      n += upsert.run(f.photo, tagId, deps.modelId, f.score, now).changes;
    }
    return n;
  })();
  return ok({ suggestions: stored, photos: rows.length });
}
