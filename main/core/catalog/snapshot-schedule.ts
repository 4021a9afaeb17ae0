/** When the catalog is snapshotted: at open and every few hours, and shortly after tag changes (debounced). */
import type { Logger } from '../ports.js';
import { snapshotCatalog, snapshotIfDue } from './backup.js';
import type { Db } from './db.js';

/** Timing of {@link SnapshotSchedule}. */
export interface SnapshotTiming {
  /** A snapshot is taken when the newest is older than this (checked at open and every sixth of it). */
  intervalMs: number;
  /** A snapshot follows the last of a burst of tag changes after this quiet time (and at close). */
  afterChangeMs: number;
}

const DEFAULT_TIMING: SnapshotTiming = { intervalMs: 6 * 3600_000, afterChangeMs: 30_000 };

/** Takes the catalog's snapshots; snapshots never overlap, and a failure is logged, never thrown. */
export class SnapshotSchedule {
  private readonly timing: SnapshotTiming;
  private interval: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly log: Logger,
    timing: Partial<SnapshotTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  /** Takes a snapshot when one is due, then checks again every sixth of the interval. */
  async start(): Promise<void> {
    await this.run(() => snapshotIfDue(this.db, this.dir, this.timing.intervalMs));
    this.interval = setInterval(
      () => void this.run(() => snapshotIfDue(this.db, this.dir, this.timing.intervalMs)),
      this.timing.intervalMs / 6,
    );
    this.interval.unref();
  }

  /** Tags changed: a snapshot follows once no change has come for `afterChangeMs`. */
  changed(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.flush(), this.timing.afterChangeMs);
    this.debounce.unref();
  }

  /** Stops the timers; a change not yet snapshotted is snapshotted now. */
  async close(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    if (this.debounce) this.flush();
    await this.chain;
  }

  private flush(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = null;
    void this.run(() => snapshotCatalog(this.db, this.dir));
  }

  private run(take: () => Promise<unknown>): Promise<unknown> {
    this.chain = this.chain.then(take).catch((err: unknown) => this.log.warn('Could not snapshot the catalog', { message: String(err) }));
    return this.chain;
  }
}
