/** A byte budget shared by the decodes of one process, so the bytes held in memory at once stay bounded. */

/**
 * A first-come-first-served semaphore counted in bytes. A request larger than the whole budget is clamped to it,
 * so it waits until nothing else is held and then runs alone.
 */
export class ByteBudget {
  private held = 0;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new RangeError(`capacity must be positive, got ${capacity}`);
  }

  /** Bytes currently granted. */
  get inUse(): number {
    return this.held;
  }

  /** Waits until `bytes` fit, takes them, and returns the function that gives them back (calling it twice is a no-op). */
  async acquire(bytes: number): Promise<() => void> {
    const amount = Math.min(Math.max(0, bytes), this.capacity);
    if (this.waiting.length > 0 || this.held + amount > this.capacity) {
      await new Promise<void>((grant) => this.waiting.push({ bytes: amount, grant }));
    } else {
      this.held += amount;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= amount;
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.held + this.waiting[0]!.bytes <= this.capacity) {
      const next = this.waiting.shift()!;
      this.held += next.bytes;
      next.grant();
    }
  }
}

/**
 * [Note: Memory bound while indexing]
 * Whatever the files, an indexing process stays under 1.5 GB RSS: a file is judged from its first 64 KiB before
 * anything else is read (non-images and files above their format's cap in read-guard.ts are refused unread), the
 * file bytes held by decodes in flight never exceed this budget, and decoded pixels are bounded by the 200 MP guard
 * and JPEG shrink-on-load. Measured by test/media/bounded-indexing.test.ts (three 1.9 GB non-images and a 1.5 GB
 * .jpg: about 210 MB peak in the index child). HEICs, which libheif (WASM) decodes whole, go one at a time and are
 * capped at 100 MP (heic.ts).
 *
 * File bytes that may be held by decodes in flight in one process (the index child runs several at once).
 */
export const DECODE_BUDGET_BYTES = 384 * 1024 * 1024;

/** The budget every decodePhoto and renderDisplayImage call of this process draws from. */
export const decodeBudget = new ByteBudget(DECODE_BUDGET_BYTES);
