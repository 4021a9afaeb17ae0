/** Work in flight, in order, from which the index loop takes what has finished: at least the oldest, at most a batch. */

/** A promise and whether it has settled. */
interface Entry<T> {
  promise: Promise<T>;
  done: boolean;
}

/** A FIFO of promises that never reject (the index loop's decodes catch their own errors). */
export class ReadyQueue<T> {
  private readonly entries: Entry<T>[] = [];

  /** How many are in flight or finished but not taken. */
  get length(): number {
    return this.entries.length;
  }

  /** Adds a promise at the back. */
  push(promise: Promise<T>): void {
    const entry: Entry<T> = { promise, done: false };
    void promise.then(() => (entry.done = true));
    this.entries.push(entry);
  }

  /**
   * Waits for the oldest, then takes it and the ones right behind it that have finished too, `max` at most: a batch
   * sized to what is ready, so the model starts on the first photo decoded instead of waiting for a full batch.
   */
  async takeReady(max: number): Promise<T[]> {
    await this.entries[0]?.promise;
    let n = 1;
    while (n < Math.min(max, this.entries.length) && this.entries[n]!.done) n++;
    return Promise.all(this.entries.splice(0, n).map((e) => e.promise));
  }

  /** Takes everything, finished or not, and waits until all have settled. */
  async drain(): Promise<void> {
    await Promise.allSettled(this.entries.splice(0).map((e) => e.promise));
  }
}
