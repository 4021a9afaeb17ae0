/** Tag suggestions as a background job: passes run on a worker thread, coalesced, pausable, with progress. */
import type { SuggestionProgress } from '../../../preload/contract.js';
import type { ModelFolder } from '../ml/model-folder.js';
import type { ProviderSetting } from '../ml/session.js';
import type { Logger } from '../ports.js';
import type { PlanOutcome } from './suggest-plan.js';
import { SuggestThread } from './suggest-thread.js';

/** What the job needs: the catalog file (the thread opens its own connection) and how to build a pass. */
export interface SuggestJobDeps {
  catalogFile: string;
  nativeBinding?: string;
  log: Logger;
  buildPlan(onPrompts: (done: number, total: number) => void): Promise<PlanOutcome>;
  /** Hears every progress change (core forwards it as a `jobProgress` event). */
  onProgress(p: SuggestionProgress): void;
  /** Called after a pass stored suggestions (core announces that tags changed). */
  onStored(): void;
  /** onnxruntime threads of the pass (default 2). */
  threads?: number;
}

/**
 * [Note: Suggestions in the background]
 * Scoring never runs on the API's event loop: a pass is a worker thread with its own catalog connection and an
 * onnxruntime MatMul over pages of photo vectors (suggest-pass.ts). Only building the pass happens here: listing
 * the tags and concepts and embedding prompts not cached yet (a few at a time, between searches). Each photo is
 * marked with what it was scored with, so a pass after a crash, a new model or a new tag scores exactly the photos
 * that need it. `kick()` during a pass asks for one more pass after it.
 */
export class SuggestJob {
  private thread: SuggestThread | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private paused = false;
  private closed = false;
  private state: SuggestionProgress = { state: 'idle', done: 0, total: 0, calibrated: false, message: null };

  constructor(private readonly deps: SuggestJobDeps) {}

  /** Embeds texts with a model's text tower on the suggestion thread (prompts not cached yet). */
  embedTexts(folder: ModelFolder, provider: ProviderSetting, texts: string[]): Promise<Float32Array[]> {
    return this.startThread().embed(folder, provider, texts);
  }

  /** Asks for a pass: now, or right after the one under way. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** Resolves when no pass is under way or asked for. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  progress(): SuggestionProgress {
    return { ...this.state, state: this.paused && this.state.state !== 'idle' ? 'paused' : this.state.state };
  }

  /** Holds the pass after its current page (search and the rest go on). */
  pause(): SuggestionProgress {
    this.paused = true;
    this.thread?.pause();
    this.publish({});
    return this.progress();
  }

  resume(): SuggestionProgress {
    this.paused = false;
    this.thread?.resume();
    this.publish({});
    return this.progress();
  }

  /** Stops after the current page and ends the thread; what is left is scored by the next start's pass. */
  async close(): Promise<void> {
    this.closed = true;
    this.thread?.stop();
    await this.running?.catch(() => undefined);
    await this.thread?.close();
    this.thread = null;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.deps.log.error('Tag suggestions failed', { message });
        this.publish({ state: 'idle', message: `Tag suggestions stopped: ${message}` });
        return;
      }
    } while (this.again && !this.closed);
  }

  private async pass(): Promise<void> {
    this.publish({ state: 'preparing', done: 0, total: 0, message: null });
    const outcome = await this.deps.buildPlan((done, total) => this.publish({ state: 'preparing', done, total }));
    if (outcome.kind !== 'plan' || this.closed) {
      this.publish({ state: 'idle', done: 0, total: 0, message: outcome.kind === 'unavailable' ? outcome.message : null });
      return;
    }
    const calibrated = outcome.plan.calibration !== null;
    this.publish({ state: 'running', calibrated });
    const thread = this.startThread();
    if (this.paused) thread.pause();
    const result = await thread.run(outcome.plan, (done, total) => this.publish({ state: 'running', done, total }));
    this.publish({ state: 'idle' });
    if (result.photos > 0) this.deps.onStored();
  }

  private startThread(): SuggestThread {
    this.thread ??= SuggestThread.start(this.deps.catalogFile, { nativeBinding: this.deps.nativeBinding, threads: this.deps.threads ?? 2 });
    return this.thread;
  }

  private publish(patch: Partial<SuggestionProgress>): void {
    this.state = { ...this.state, ...patch };
    this.deps.onProgress(this.progress());
  }
}
