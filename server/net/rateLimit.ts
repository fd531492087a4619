/** Per-connection rate limiting: a token bucket refilled continuously. */

export interface RateLimitOptions {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed in a burst. */
  burst: number;
}

/** Generous for a person clicking and a page polling the inspector; tight for a flooding bot. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 10, burst: 30 };

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = options.burst;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty (the request must be refused). */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((t - this.last) / 1000) * this.options.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
