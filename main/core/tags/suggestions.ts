/** Wires the suggestion job to core: the vocabulary, the prompt cache, the serving model, its calibration, settings. */
import { join } from 'node:path';
import type { Settings, SuggestionProgress } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { readModelFolder } from '../ml/model-folder.js';
import type { InstalledModel } from '../ml/registry.js';
import type { LogitCalibration } from '../ml/scores.js';
import type { Logger } from '../ports.js';
import { calibrationOf } from './calibration.js';
import { syncConcepts } from './concepts.js';
import { PromptEmbeddingCache } from './prompt-embeddings.js';
import { SuggestJob } from './suggest-job.js';
import { buildPlan, type PlanDeps } from './suggest-plan.js';
import { loadVocabulary, type Vocabulary } from './vocabulary.js';
import { parseEmbeddingKey } from '../model-state.js';

/** What of the model state suggestions use (ModelState has it). */
export interface SuggestionModels {
  servingKey(): string | null;
  serving(): Promise<InstalledModel | null>;
}

/** Options of {@link createSuggestions}. */
export interface SuggestionsOptions {
  db: Db;
  catalogFile: string;
  nativeBinding?: string;
  cacheDir: string;
  modelsDir: string;
  log: Logger;
  models: SuggestionModels;
  settings(): Settings;
  onProgress(p: SuggestionProgress): void;
  onStored(): void;
  vocabulary?: Vocabulary;
}

/** The running suggestion service: the job, and what review and the API need to know about its scores. */
export interface Suggestions {
  job: SuggestJob;
  vocabulary: Vocabulary;
  planDeps: PlanDeps;
  /** The serving model's logit scale and bias, its own or those of the catalog model it is a copy of. */
  calibration(): Promise<LogitCalibration | null>;
}

/** Builds the suggestion service; the vocabulary file's concepts are brought into the catalog first. */
export function createSuggestions(o: SuggestionsOptions): Suggestions {
  const vocabulary = o.vocabulary ?? loadVocabulary();
  syncConcepts(o.db, vocabulary);
  let known: { id: string; calibration: Promise<LogitCalibration | null> } | null = null;
  const calibration = async (): Promise<LogitCalibration | null> => {
    const model = await o.models.serving();
    if (!model) return null;
    if (known?.id !== model.manifest.id) known = { id: model.manifest.id, calibration: calibrationOf(model, { modelsDir: o.modelsDir }) };
    return known.calibration;
  };
  const planDeps: PlanDeps = {
    db: o.db,
    vocabulary,
    prompts: new PromptEmbeddingCache(join(o.cacheDir, 'prompt-embeddings.json')),
    // Prompts are embedded on the suggestion thread, with the serving key's own text tower (same precision).
    embedText: async (texts) => {
      const [model, key] = [await o.models.serving(), o.models.servingKey()];
      if (!model || !key) throw new Error('No model is installed yet — choose one under Models to get tag suggestions');
      const folder = await readModelFolder(model.dir, parseEmbeddingKey(key).precision);
      return job.embedTexts(folder, o.settings().provider, texts);
    },
    modelKey: () => o.models.servingKey(),
    calibration,
    maxPerPhoto: () => o.settings().maxSuggestionsPerPhoto,
  };
  const job = new SuggestJob({
    catalogFile: o.catalogFile,
    nativeBinding: o.nativeBinding,
    log: o.log,
    buildPlan: (onPrompts) => buildPlan(planDeps, onPrompts),
    onProgress: o.onProgress,
    onStored: o.onStored,
  });
  return { job, vocabulary, planDeps, calibration };
}
