/** Runs async tasks one after another (scans and watcher batches of the library never interleave). */

/** A FIFO of async tasks; a failing task is reported to `onError` and does not stop the ones after it. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Queues `task` and resolves or rejects with its own result. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => {
        this.waiting--;
      },
      (err: unknown) => {
        this.waiting--;
        this.onError(err);
      },
    );
    return result;
  }

  /** Queues `task` for its effect only: failures are reported, never thrown at the caller. */
  fireAndForget(task: () => Promise<unknown>): void {
    this.run(task).catch(() => undefined);
  }

  /** How many tasks are queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Resolves once every task queued so far has settled. */
  async drained(): Promise<void> {
    while (this.waiting > 0) await this.tail;
  }
}
