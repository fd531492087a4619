/**
 * A counting semaphore with a FIFO queue: callers over the limit wait their turn rather than
 * being rejected. Used for the per-endpoint concurrency limit and to serialise a local model.
 */
export class Semaphore {
  private running = 0;
  private readonly queue: { start: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`Semaphore limit must be at least 1 (got ${limit})`);
  }

  /** Calls holding a permit now. */
  get active(): number {
    return this.running;
  }

  /** Calls waiting for a permit. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Waits for a permit; returns the function that gives it back (call it exactly once). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          this.running++;
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  /** Runs `fn` holding a permit. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.queue.shift()?.start();
    };
  }
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}
