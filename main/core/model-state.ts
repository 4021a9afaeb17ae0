/** Which model the library indexes with (active) and which one search answers with (serving), and their resources. */
import type { Db } from './catalog/db.js';
import { countJobs } from './catalog/jobs.js';
import { getSetting, setSetting } from './catalog/settings.js';
import { enqueueUnembedded } from './jobs/coverage.js';
import { readModelFolder } from './ml/model-folder.js';
import { getInstalled, type InstalledModel } from './ml/registry.js';
import type { LogitCalibration } from './ml/scores.js';
import type { ProviderSetting } from './ml/session.js';
import { TextTower } from './ml/text-tower.js';
import type { Logger } from './ports.js';
import { VectorIndex } from './search/vector-index.js';

const ACTIVE = 'activeModel';
const SERVING = 'servingModel';

/**
 * [Note: Active and serving models]
 * Embeddings are per model. Choosing a model makes it *active*: the indexer re-embeds the library with it in the
 * background. Search keeps answering with the *serving* model (the previous one) until the active one covers the
 * library, then serving switches over. With no previous model, the new one serves at once (partial results).
 */
export class ModelState {
  private index: { modelId: string; index: VectorIndex } | null = null;
  private tower: { key: string; tower: Promise<TextTower> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly modelsDir: string,
    private readonly log: Logger,
  ) {}

  activeId(): string | null {
    return getSetting<string | null>(this.db, ACTIVE, null);
  }

  servingId(): string | null {
    return getSetting<string | null>(this.db, SERVING, null);
  }

  active(): Promise<InstalledModel | null> {
    const id = this.activeId();
    return id ? getInstalled(this.modelsDir, id) : Promise.resolve(null);
  }

  serving(): Promise<InstalledModel | null> {
    const id = this.servingId();
    return id ? getInstalled(this.modelsDir, id) : Promise.resolve(null);
  }

  /** Makes `id` active and queues whatever it has not embedded yet; returns how many photos were queued. */
  use(id: string): number {
    setSetting(this.db, ACTIVE, id);
    if (!this.servingId()) setSetting(this.db, SERVING, id);
    const queued = enqueueUnembedded(this.db, id);
    this.promoteIfCovered();
    return queued;
  }

  /** Forgets `id` as active/serving (its files and embeddings are removed by the caller). */
  forget(id: string): void {
    if (this.activeId() === id) setSetting(this.db, ACTIVE, null);
    if (this.servingId() === id) setSetting(this.db, SERVING, this.activeId());
    if (this.index?.modelId === id) this.index = null;
    if (this.tower?.key.startsWith(id + '|')) this.release();
  }

  /** Switches search to the active model once nothing is left to embed with it. */
  promoteIfCovered(): boolean {
    const active = this.activeId();
    if (!active || active === this.servingId()) return false;
    const left = countJobs(this.db, active);
    if (left.queued + left.running > 0) return false;
    this.log.info('Search now answers with the new model', { model: active });
    setSetting(this.db, SERVING, active);
    this.index = null;
    this.release();
    return true;
  }

  /** The serving model's vector index, loaded from the catalog on first use. */
  vectorIndex(): VectorIndex | null {
    const id = this.servingId();
    if (!id) return null;
    if (this.index?.modelId !== id) this.index = { modelId: id, index: VectorIndex.fromCatalog(this.db, id) };
    return this.index.index;
  }

  /** Keeps the in-memory index current as vectors arrive from the indexer. */
  onEmbedded(photoId: number, vector: Float32Array, modelId: string): void {
    if (this.index?.modelId === modelId) this.index.index.upsert(photoId, vector);
  }

  /** Drops the in-memory index so the next search reloads it (after photos were purged or a folder removed). */
  invalidateIndex(): void {
    this.index = null;
  }

  /** The serving model's text tower, opened once per model and provider. */
  async textTower(provider: ProviderSetting): Promise<TextTower | null> {
    const model = await this.serving();
    if (!model) return null;
    const key = `${model.manifest.id}|${provider}`;
    if (this.tower?.key !== key) {
      this.release();
      const opening = readModelFolder(model.dir, model.manifest.precision).then((f) => TextTower.open(f, { provider }));
      opening.catch(() => (this.tower = null));
      this.tower = { key, tower: opening };
    }
    return this.tower.tower;
  }

  /** Logit scale and bias of the serving model, when known. */
  async calibration(): Promise<LogitCalibration | null> {
    const m = (await this.serving())?.manifest;
    return m && m.logitScaleLog !== null && m.logitBias !== null ? { logitScaleLog: m.logitScaleLog, logitBias: m.logitBias } : null;
  }

  /** Closes the text tower session. */
  release(): void {
    const t = this.tower;
    this.tower = null;
    void t?.tower.then((tower) => tower.release()).catch(() => undefined);
  }
}
