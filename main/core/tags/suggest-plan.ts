/** Builds a suggestion pass on the API's side: what to score (tags and concepts), their prompt vectors, the marker. */
import { createHash } from 'node:crypto';
import type { Db } from '../catalog/db.js';
import type { LogitCalibration } from '../ml/scores.js';
import { allConcepts, syncConcepts } from './concepts.js';
import type { PromptEmbeddingCache, EmbedText } from './prompt-embeddings.js';
import type { PassPlan } from './suggest-pass.js';
import type { PassTarget } from './suggest-store.js';
import { leafName } from './tag-names.js';
import { allTags } from './tag-store.js';
import type { Vocabulary } from './vocabulary.js';

/** What scoring needs from the rest of core. */
export interface PlanDeps {
  db: Db;
  vocabulary: Vocabulary;
  prompts: PromptEmbeddingCache;
  embedText: EmbedText;
  /** The embedding key search answers with (its vectors are scored), or null without a model. */
  modelKey(): string | null;
  calibration(): Promise<LogitCalibration | null>;
  maxPerPhoto(): number;
}

/** A concept to score: a tag of the person's, or a vocabulary concept that is not a tag; its prompt words. */
export interface PlannedTarget extends PassTarget {
  prompt: string;
}

/**
 * The person's tags (prompt: their own, else the vocabulary's for that name, else the leaf name) and every
 * vocabulary concept not already a tag.
 */
export function plannedTargets(db: Db, vocabulary: Vocabulary): PlannedTarget[] {
  const vocabularyPrompt = new Map(vocabulary.entries.map((e) => [e.name.toLowerCase(), e.prompt]));
  const out: PlannedTarget[] = [];
  const tagNames = new Set<string>();
  for (const t of allTags(db)) {
    tagNames.add(t.name.toLowerCase());
    out.push({ kind: 'tag', id: t.id, prompt: t.prompt ?? vocabularyPrompt.get(t.name.toLowerCase()) ?? leafName(t.name).toLowerCase() });
  }
  for (const c of allConcepts(db)) if (!tagNames.has(c.name.toLowerCase())) out.push({ kind: 'concept', id: c.id, prompt: c.prompt });
  return out;
}

/** The dimension of the stored vectors of `modelKey` (0 when none is stored yet). */
function vectorDim(db: Db, modelKey: string): number {
  const row = db
    .prepare(`SELECT length(vector) / 4 AS dim FROM embeddings WHERE model_id = ? AND status = 'done' AND vector IS NOT NULL LIMIT 1`)
    .get(modelKey) as { dim: number } | undefined;
  return row?.dim ?? 0;
}

/**
 * What a photo scored by a pass is marked with: the model key, calibration, bound and the set of prompts (not which
 * of them are tags: accepting a concept keeps its prompt, so it never forces a new pass).
 */
export function scoredWithKey(
  modelKey: string,
  calibration: LogitCalibration | null,
  maxPerPhoto: number,
  templates: readonly string[],
  prompts: string[],
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([modelKey, calibration, maxPerPhoto, templates, [...new Set(prompts)].sort()]));
  return `${modelKey}#${h.digest('hex').slice(0, 16)}`;
}

/** A plan, or nothing to score (no model or no vectors yet), or why the model's vectors cannot be scored (a message). */
export type PlanOutcome = { kind: 'plan'; plan: PassPlan } | { kind: 'nothing' } | { kind: 'unavailable'; message: string };

/** Builds the next pass; `onPrompts` hears prompt embedding progress (only prompts not cached yet are embedded). */
export async function buildPlan(deps: PlanDeps, onPrompts?: (done: number, total: number) => void): Promise<PlanOutcome> {
  const modelKey = deps.modelKey();
  // Without a model there is nothing to score yet (the API says so when suggestions are asked for).
  if (!modelKey) return { kind: 'nothing' };
  const dim = vectorDim(deps.db, modelKey);
  if (dim === 0) return { kind: 'nothing' };
  syncConcepts(deps.db, deps.vocabulary);
  const targets = plannedTargets(deps.db, deps.vocabulary);
  if (targets.length === 0) return { kind: 'nothing' };
  const calibration = await deps.calibration();
  const maxPerPhoto = deps.maxPerPhoto();
  const texts = targets.map((t) => t.prompt);
  const vectors = await deps.prompts.embed(modelKey, deps.vocabulary.templates, texts, deps.embedText, onPrompts);
  if (vectors[0]!.length !== dim) {
    return {
      kind: 'unavailable',
      message: `The model's text and photo vectors differ in length (${vectors[0]!.length} and ${dim}): re-index the library with it`,
    };
  }
  const prompts = new Float32Array(targets.length * dim);
  vectors.forEach((v, i) => prompts.set(v, i * dim));
  const scoredWith = scoredWithKey(modelKey, calibration, maxPerPhoto, deps.vocabulary.templates, texts);
  return {
    kind: 'plan',
    plan: { modelKey, scoredWith, targets: targets.map(({ kind, id }) => ({ kind, id })), prompts, dim, calibration, maxPerPhoto },
  };
}
