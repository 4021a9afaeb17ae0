/** Rate and ETA for long work, smoothed over a sliding window so a stall or a burst does not whipsaw the estimate. */

/** Tracks completions over time and estimates items per second and seconds left. */
export class RateMeter {
  private samples: { t: number; done: number }[] = [];

  constructor(
    private readonly windowMs = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the running total of completed items. */
  record(done: number): void {
    const t = this.now();
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - this.samples[0]!.t > this.windowMs) this.samples.shift();
  }

  /** Items per second over the window; 0 until two samples exist. */
  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t === first.t) return 0;
    return ((last.done - first.done) * 1000) / (last.t - first.t);
  }

  /** Seconds until `remaining` items are done at the current rate; null while unknown. */
  eta(remaining: number): number | null {
    const r = this.rate();
    if (remaining <= 0) return 0;
    return r > 0 ? Math.round(remaining / r) : null;
  }

  reset(): void {
    this.samples = [];
  }
}
