/** Download progress: bytes so far, a smoothed rate and an ETA, emitted at most every few hundred milliseconds. */
import type { DownloadProgress } from '../../../preload/contract.js';

/** Receives every progress event of a download. */
export type ProgressSink = (p: DownloadProgress) => void;

/** Counts bytes and reports {@link DownloadProgress}: throttled while downloading, always on a state change. */
export class ProgressTracker {
  private bytes = 0;
  private rate = 0;
  private lastEmit = 0;
  private windowStart: number;
  private windowBytes = 0;

  constructor(
    private readonly modelId: string,
    private readonly totalBytes: number,
    private readonly sink: ProgressSink,
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  /** Bytes already on disk from an earlier attempt: counted, but not towards the rate. */
  resumeFrom(bytes: number): void {
    this.bytes += bytes;
  }

  /** Forgets bytes that turned out useless (a server that ignored the Range header). */
  discard(bytes: number): void {
    this.bytes = Math.max(0, this.bytes - bytes);
  }

  /** Adds freshly received bytes and emits when the interval has passed. */
  add(bytes: number): void {
    this.bytes += bytes;
    this.windowBytes += bytes;
    const t = this.now();
    const span = t - this.windowStart;
    if (span > 0 && span >= this.intervalMs) {
      const instant = (this.windowBytes * 1000) / span;
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
      this.windowStart = t;
      this.windowBytes = 0;
    }
    if (t - this.lastEmit >= this.intervalMs) this.emit('downloading');
  }

  /** Emits one event in `state`, with an optional message for a person. */
  emit(state: DownloadProgress['state'], message: string | null = null): void {
    this.lastEmit = this.now();
    const remaining = Math.max(0, this.totalBytes - this.bytes);
    const etaSeconds = state === 'downloading' && this.rate > 0 ? Math.round(remaining / this.rate) : state === 'done' ? 0 : null;
    this.sink({
      modelId: this.modelId,
      state,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      rate: Math.round(this.rate),
      etaSeconds,
      message,
    });
  }
}
