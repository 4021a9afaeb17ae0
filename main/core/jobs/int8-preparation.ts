/** Prepares int8 towers for the active model, one model at a time, and records the guard's verdict in its manifest. */
import type { Db } from '../catalog/db.js';
import { writeManifest, type InstalledModel } from '../ml/registry.js';
import type { Logger } from '../ports.js';
import { quantizeInChild, type Int8Verdict } from './quantize-child.js';

/** How many of the person's photos the int8 guard wants; with fewer it checks again once the library has them. */
const CALIBRATION_PHOTOS = 8;

/**
 * [Note: int8 on the person's machine]
 * On CPU with precision 'auto', a model whose towers exist only in fp32 is quantized to int8 (our own graph
 * transform) and checked against fp32 on the person's first photos before anything is embedded with it; the verdict
 * (accepted or not, with the measured agreement) goes into the model's manifest, so it is decided once per model.
 * Indexing waits for it, which avoids embedding the library twice. A verdict reached on fewer than
 * {@link CALIBRATION_PHOTOS} of the person's photos (a model chosen before any folder was added is checked on stand-in
 * images) says so, and is reached again once the library holds enough readable photos ({@link int8RecheckDue}).
 */
export class Int8Preparation {
  private running: { id: string; done: Promise<void>; abort: AbortController } | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly onDecided: () => Promise<unknown>,
    private readonly onProgress: (p: { done: number; total: number } | null) => void,
    /** Weights below this many elements stay fp32 (the quantizer's default unless set). */
    private readonly minElements?: number,
  ) {}

  /** Starts preparing `model` unless it already is being prepared. */
  prepare(model: InstalledModel): void {
    if (this.running?.id === model.manifest.id) return;
    this.running?.abort.abort();
    const abort = new AbortController();
    const samplePhotos = (
      this.db
        .prepare(`SELECT path FROM photos WHERE presence = 'present' AND error IS NULL ORDER BY id LIMIT ?`)
        .all(CALIBRATION_PHOTOS) as { path: string }[]
    ).map((r) => r.path);
    this.log.info('Making int8 towers for faster indexing on this CPU', { model: model.manifest.id });
    this.onProgress({ done: 0, total: 1 });
    const report = (done: number, total: number) => this.onProgress({ done, total });
    const done = quantizeInChild({ modelDir: model.dir, samplePhotos, minElements: this.minElements }, this.log, abort.signal, report).then(
      async (verdict) => {
        this.onProgress(null);
        if (abort.signal.aborted) return;
        const int8Guard = verdict
          ? withPhotoNote(verdict)
          : {
              accepted: false,
              meanCosine: 0,
              minCosine: 0,
              samples: 0,
              photos: samplePhotos.length,
              checkedAt: Date.now(),
              message: 'int8 towers could not be made on this machine; staying on fp32',
            };
        await writeManifest(model.dir, { ...model.manifest, int8Guard });
        this.log.info('int8 check', { model: model.manifest.id, accepted: int8Guard.accepted, meanCosine: int8Guard.meanCosine });
        if (this.running?.abort === abort) this.running = null;
        await this.onDecided();
      },
    );
    this.running = { id: model.manifest.id, done, abort };
  }

  busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when no preparation is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** Stops a running preparation (nothing is recorded; the next start prepares again). */
  async close(): Promise<void> {
    const r = this.running;
    this.running = null;
    r?.abort.abort();
    await r?.done;
  }
}

/** Readable present photos, up to what the guard wants. */
function readablePhotos(db: Db): number {
  return (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM photos WHERE presence = 'present' AND error IS NULL AND read_at IS NOT NULL LIMIT ?)`,
      )
      .get(CALIBRATION_PHOTOS) as { n: number }
  ).n;
}

/** Whether `guard` was reached on fewer of the person's photos than it wants, and the library now has them. */
export function int8RecheckDue(db: Db, guard: Int8Verdict | null): boolean {
  return guard !== null && (guard.photos ?? 0) < CALIBRATION_PHOTOS && readablePhotos(db) >= CALIBRATION_PHOTOS;
}

/** Adds to the guard's message which photos it was checked on, when they were fewer than it wants. */
function withPhotoNote(v: Int8Verdict): Int8Verdict {
  if (v.photos >= CALIBRATION_PHOTOS) return v;
  const on = v.photos === 0 ? 'stand-in images (no photos yet)' : `only ${v.photos} of your photos`;
  return {
    ...v,
    message: `${v.message} Checked on ${on}; it is checked again on ${CALIBRATION_PHOTOS} of your own photos once the library has them.`,
  };
}
