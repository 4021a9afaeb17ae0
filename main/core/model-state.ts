/** Which model the library indexes with (active) and which one search answers with (serving), and their resources. */
import type { Settings } from '../../preload/contract.js';
import type { Db } from './catalog/db.js';
import { getSetting, setSetting } from './catalog/settings.js';
import { enqueueUnembedded, keyCoverage } from './jobs/coverage.js';
import { int8RecheckDue } from './jobs/int8-preparation.js';
import { readModelFolder, type Precision } from './ml/model-folder.js';
import { choosePrecision, type PrecisionChoice } from './ml/quantize/precision.js';
import { getInstalled, type InstalledModel } from './ml/registry.js';
import type { LogitCalibration } from './ml/scores.js';
import { providerCandidates, unavailableReason, type ProviderName, type ProviderSetting } from './ml/session.js';
import { TextTower } from './ml/text-tower.js';
import type { Logger } from './ports.js';
import { VectorIndex } from './search/vector-index.js';

const ACTIVE = 'activeModel';
const ACTIVE_KEY = 'activeEmbedding';
const SERVING = 'servingModel';

/** Embeddings are stored per model AND precision: `id` for fp32, `id@int8`, `id@fp16`. */
export function embeddingKey(id: string, precision: Precision): string {
  return precision === 'fp32' ? id : `${id}@${precision}`;
}

/** The model id and precision behind an embedding key. */
export function parseEmbeddingKey(key: string): { id: string; precision: Precision } {
  const at = key.lastIndexOf('@');
  return at < 0 ? { id: key, precision: 'fp32' } : { id: key.slice(0, at), precision: key.slice(at + 1) as Precision };
}

/** What the indexer should run: the active model's folder at the chosen precision, and why that precision. */
export interface ActivePlan {
  model: InstalledModel;
  key: string;
  precision: Precision;
  choice: PrecisionChoice;
  /** The int8 towers are wanted but not made or checked yet. */
  wantsInt8: boolean;
}

/**
 * [Note: Active and serving models]
 * Embeddings are per model and precision (an "embedding key"). Choosing a model, or a precision, makes a new key
 * *active*: the indexer re-embeds the library with it in the background. Search keeps answering with the *serving*
 * key until the active one covers the library, then serving switches over. With nothing serving yet, the new key
 * serves at once (partial results while the first index runs).
 */
export class ModelState {
  private index: { key: string; index: VectorIndex } | null = null;
  private tower: TowerEntry | null = null;
  private lastChoice: { key: string; reason: string } | null = null;

  constructor(
    private readonly db: Db,
    private readonly modelsDir: string,
    private readonly log: Logger,
  ) {}

  activeId(): string | null {
    return getSetting<string | null>(this.db, ACTIVE, null);
  }

  /** The embedding key indexing writes (null without an active model). */
  activeKey(): string | null {
    const id = this.activeId();
    return id ? (getSetting<string | null>(this.db, ACTIVE_KEY, null) ?? id) : null;
  }

  servingId(): string | null {
    const key = this.servingKey();
    return key ? parseEmbeddingKey(key).id : null;
  }

  /** The embedding key search answers with. */
  servingKey(): string | null {
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

  /** Makes `id` the active model; its precision is decided by {@link plan}. */
  use(id: string): void {
    setSetting(this.db, ACTIVE, id);
    setSetting(this.db, ACTIVE_KEY, null);
  }

  /**
   * Decides the active model's precision for these settings and the provider in use (or expected), records the
   * resulting embedding key and queues what it has not embedded yet.
   */
  async plan(settings: Settings, provider: string | null): Promise<ActivePlan | null> {
    const model = await this.active();
    if (!model) return null;
    const folder = await readModelFolder(model.dir);
    const runsOn = (provider as ProviderName | null) ?? expectedProvider(settings.provider);
    const guard = model.manifest.int8Guard;
    const choice = choosePrecision({ setting: settings.precision, provider: runsOn, available: folder.availablePrecisions, guard });
    const wantsInt8 = int8Wanted(settings, runsOn, folder.availablePrecisions) && (guard === null || int8RecheckDue(this.db, guard));
    const key = embeddingKey(model.manifest.id, choice.precision);
    this.lastChoice = { key, reason: wantsInt8 ? 'making and checking int8 towers for this CPU before indexing' : choice.reason };
    if (getSetting<string | null>(this.db, ACTIVE_KEY, null) !== key) setSetting(this.db, ACTIVE_KEY, key);
    if (wantsInt8) return { model, key, precision: choice.precision, choice, wantsInt8 };
    if (!this.servingKey()) setSetting(this.db, SERVING, key);
    enqueueUnembedded(this.db, key);
    return { model, key, precision: choice.precision, choice, wantsInt8 };
  }

  /** Whether the active model's int8 verdict should be reached again now, on the person's own photos. */
  async int8RecheckDue(settings: Settings, provider: string | null): Promise<boolean> {
    const model = await this.active();
    if (!model || !int8RecheckDue(this.db, model.manifest.int8Guard)) return false;
    const runsOn = (provider as ProviderName | null) ?? expectedProvider(settings.provider);
    return int8Wanted(settings, runsOn, (await readModelFolder(model.dir)).availablePrecisions);
  }

  /** Why the active key runs in its precision, as last decided by {@link plan}. */
  precisionReason(): string | null {
    return this.lastChoice && this.lastChoice.key === this.activeKey() ? this.lastChoice.reason : null;
  }

  /** Forgets `id` (every precision) as active/serving; its files and embeddings are removed by the caller. */
  forget(id: string): void {
    const ofModel = (key: string | null) => key !== null && parseEmbeddingKey(key).id === id;
    if (this.activeId() === id) {
      setSetting(this.db, ACTIVE, null);
      setSetting(this.db, ACTIVE_KEY, null);
    }
    if (ofModel(this.servingKey())) setSetting(this.db, SERVING, this.activeKey());
    if (this.index && ofModel(this.index.key)) this.dropIndex();
    if (this.tower && ofModel(this.tower.key.split('|')[0]!)) this.release();
  }

  /**
   * Switches search to the active key once it covers the library: every present photo embedded (or failed) with it
   * and nothing queued. Until then search, find-similar and suggestions keep answering with the serving key.
   */
  promoteIfCovered(): boolean {
    const active = this.activeKey();
    if (!active || active === this.servingKey()) return false;
    const coverage = keyCoverage(this.db, active);
    if (coverage.done < coverage.total) return false;
    this.log.info('Search now answers with the new model', { model: active });
    setSetting(this.db, SERVING, active);
    this.dropIndex();
    this.release();
    return true;
  }

  /** The serving key's vector index, loaded from the catalog on first use. */
  vectorIndex(): VectorIndex | null {
    const key = this.servingKey();
    if (!key) return null;
    if (this.index?.key !== key) this.index = { key, index: VectorIndex.fromCatalog(this.db, key) };
    return this.index.index;
  }

  /** Keeps the in-memory index current as vectors arrive from the indexer. */
  onEmbedded(photoId: number, vector: Float32Array, key: string): void {
    if (this.index?.key === key) this.index.index.upsert(photoId, vector);
  }

  /** Drops the in-memory index so the next search reloads it (after photos were purged or a folder removed). */
  invalidateIndex(): void {
    this.dropIndex();
  }

  /** Forgets the in-memory index and frees what its scan kernel holds once pending searches are done with it. */
  private dropIndex(): void {
    const old = this.index?.index;
    this.index = null;
    void old?.release().catch(() => undefined);
  }

  /**
   * Embeds `texts` with the serving key's text tower (same model and precision as the vectors it is compared with),
   * holding it so that a release meanwhile (a model switch, a provider change) waits for this call. Null without a
   * serving model.
   */
  async embedTexts(provider: ProviderSetting, texts: string[]): Promise<Float32Array[] | null> {
    const entry = await this.towerEntry(provider);
    if (!entry) return null;
    entry.holds++;
    try {
      return await (await entry.tower).embed(texts);
    } finally {
      entry.holds--;
      if (entry.released && entry.holds === 0) this.dispose(entry);
    }
  }

  /** The current tower entry for the serving key and `provider`, opening it on first use. */
  private async towerEntry(provider: ProviderSetting): Promise<TowerEntry | null> {
    const key = this.servingKey();
    const model = await this.serving();
    if (!key || !model) return null;
    const cacheKey = `${key}|${provider}`;
    if (this.tower?.key !== cacheKey) {
      this.release();
      const opening = readModelFolder(model.dir, parseEmbeddingKey(key).precision).then((f) => TextTower.open(f, { provider }));
      const entry: TowerEntry = { key: cacheKey, tower: opening, holds: 0, released: false, disposed: false };
      // A failed load forgets only itself: a newer load started meanwhile stays.
      opening.catch((err: unknown) => {
        this.log.warn('The text tower could not be opened', { model: key, cause: String(err) });
        if (this.tower === entry) this.tower = null;
      });
      this.tower = entry;
    }
    return this.tower;
  }

  /** Logit scale and bias of the serving model, when known. */
  async calibration(): Promise<LogitCalibration | null> {
    const m = (await this.serving())?.manifest;
    return m && m.logitScaleLog !== null && m.logitBias !== null ? { logitScaleLog: m.logitScaleLog, logitBias: m.logitBias } : null;
  }

  /** Closes the text tower session once no search holds it any more. */
  release(): void {
    const entry = this.tower;
    this.tower = null;
    if (!entry) return;
    entry.released = true;
    if (entry.holds === 0) this.dispose(entry);
  }

  private dispose(entry: TowerEntry): void {
    if (entry.disposed) return;
    entry.disposed = true;
    // A tower that failed to open was logged when it failed; one that fails to close is logged here.
    entry.tower.then(
      (tower) => tower.release().catch((err: unknown) => this.log.warn('Closing the text tower failed', { cause: String(err) })),
      () => undefined,
    );
  }
}

/** A text tower being opened or open, the searches holding it, and whether it was released (closes when unheld). */
interface TowerEntry {
  key: string;
  tower: Promise<TextTower>;
  holds: number;
  released: boolean;
  disposed: boolean;
}

/** The provider a setting will most likely end up on before any session has told us (one that cannot run here is passed over). */
function expectedProvider(setting: ProviderSetting): ProviderName {
  return providerCandidates(setting).find((p) => unavailableReason(p) === null) ?? 'cpu';
}

/** Whether these settings on this provider call for int8 towers made here from the fp32 ones. */
function int8Wanted(settings: Settings, runsOn: ProviderName, available: readonly string[]): boolean {
  const wanted = (settings.precision === 'auto' && runsOn === 'cpu') || (settings.precision === 'int8' && !available.includes('int8'));
  return wanted && available.includes('fp32');
}
