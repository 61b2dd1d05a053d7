/**
 * Runs asynchronous jobs one after another, in the order they were added. A job that fails is
 * reported to its own `onError` and does not stop the ones queued after it.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  run(job: () => Promise<void>, onError: (error: unknown) => void): Promise<void> {
    const done = this.tail.then(job).catch(onError);
    this.tail = done;
    return done;
  }

  /** Resolves once every job added so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}
