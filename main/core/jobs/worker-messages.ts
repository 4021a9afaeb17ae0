/** Messages between the API process and the indexing child process. */
import type { ModelBusy } from './threaded-tower.js';

/** Everything the indexing child needs to start; sent as the first message. */
export interface IndexWorkerConfig {
  catalogFile: string;
  nativeBinding?: string;
  /** The embedding key jobs are queued under ({@link MEDIA_KEY} to read photos without a model). */
  modelId: string;
  /** The model folder, or null to read photos (thumbnail + metadata) without a model. */
  modelDir: string | null;
  precision?: 'fp32' | 'fp16' | 'int8';
  provider: 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';
  thumbsDir: string;
  threads?: number;
  /** Decodes kept in flight ahead of inference. */
  lookahead?: number;
}

/** Parent → child. */
export type ToWorker = { type: 'start'; config: IndexWorkerConfig } | { type: 'pause' } | { type: 'resume' } | { type: 'stop' };

/** Child → parent. `embedded` carries the new vector so the search index updates without a reload. */
export type FromWorker =
  /** `decodeThreadsLowered`: decode threads put behind the model's (see [Note: Decodes behind the model]). */
  | { type: 'ready'; provider: string | null; maxBatch: number; dim: number; decodeThreadsLowered: number }
  | { type: 'embedded'; photoId: number; vector: Float32Array }
  | { type: 'read'; photoId: number }
  | { type: 'failed'; photoId: number; reason: string }
  /** A problem that did not fail the photo, for the log. */
  | { type: 'warning'; photoId: number; message: string }
  /** The queue is drained; `model` says how busy the model was over the run. */
  | { type: 'idle'; model: ModelBusy }
  /** Indexing waits out machine trouble (a full disk): what the person reads, then null when it goes on. */
  | { type: 'waiting'; problem: string | null }
  | { type: 'fatal'; message: string };
