/**
 * A pool of OpenAI-compatible endpoints (one or more base URLs). Each call goes to the least
 * busy healthy endpoint (round robin among equals), waits for that endpoint's concurrency
 * limit, and is retried on 429 / 5xx / timeouts / connection errors / malformed answers with
 * exponential backoff and jitter (or the server's Retry-After), at most `maxRetries` times.
 * A failing endpoint is skipped for a cool-down while others work. The openai package's own
 * retries are off, so these are the only ones.
 */
import OpenAI from 'openai';
import { Semaphore } from '../semaphore';
import { backoffMs, classifyFailure, describeFailure, isRetryable, retryAfterMs, type BackoffOptions, type FailureKind } from './retry';

/** What a server accepted for structured output, learnt per endpoint. */
export type LearnedStructuredMode = 'json_schema' | 'json_object' | 'none';

export interface PoolOptions {
  urls: string[];
  apiKey?: string;
  /** Concurrent requests per endpoint. */
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  cooldownMs: number;
  backoff?: BackoffOptions;
  /** Upper bound on a server's Retry-After (default 60 s). */
  maxRetryAfterMs?: number;
  /** Injected for tests; default real time and Math.random. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  log?: (line: string) => void;
}

/** One base URL with its client, concurrency gate, health and learnt capabilities. */
export class Endpoint {
  readonly client: OpenAI;
  readonly gate: Semaphore;
  /** Skip this endpoint until then (ms since epoch). */
  failingUntil = 0;
  consecutiveFailures = 0;
  requests = 0;
  failures = 0;
  /** Set when the server rejected a richer structured-output mode. */
  structuredMode?: LearnedStructuredMode;
  /** Newer OpenAI models want max_completion_tokens instead of max_tokens. */
  tokenParam: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';

  constructor(
    readonly url: string,
    apiKey: string | undefined,
    concurrency: number,
    readonly timeoutMs: number,
  ) {
    // Local servers need no key, but the client insists on one.
    this.client = new OpenAI({ baseURL: url, apiKey: apiKey || 'no-key', maxRetries: 0, timeout: timeoutMs });
    this.gate = new Semaphore(concurrency);
  }

  /** Busy-ness relative to the endpoint's limit. */
  get load(): number {
    return (this.gate.active + this.gate.waiting) / this.gate.limit;
  }
}

/** Thrown when every attempt failed; carries the last failure. */
export class PoolCallError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'PoolCallError';
  }
}

export interface PoolStats {
  calls: number;
  retries: number;
  failedCalls: number;
  endpoints: { url: string; requests: number; failures: number; coolingForMs: number }[];
}

export class EndpointPool {
  readonly endpoints: Endpoint[];
  private rr = 0;
  private calls = 0;
  private retries = 0;
  private failedCalls = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: PoolOptions) {
    if (options.urls.length === 0) throw new Error('EndpointPool needs at least one base URL');
    this.endpoints = options.urls.map((u) => new Endpoint(u, options.apiKey, options.concurrency, options.timeoutMs));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepMs;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 20_000 };
  }

  /** Where the pool points, for model names: the host of its one endpoint, or "3 endpoints". */
  get where(): string {
    return this.endpoints.length === 1 ? hostOf(this.endpoints[0].url) : `${this.endpoints.length} endpoints`;
  }

  /** Runs `op` on an endpoint with retries; throws PoolCallError when all attempts failed. */
  async run<T>(op: (endpoint: Endpoint, signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.calls++;
    let last: Endpoint | undefined;
    let lastError: unknown;
    let lastKind: FailureKind = 'fatal';
    let tries = 0;
    for (let attempt = 0; attempt <= this.options.maxRetries; attempt++) {
      tries++;
      const endpoint = this.pick(last);
      const release = await endpoint.gate.acquire(signal);
      endpoint.requests++;
      try {
        const value = await op(endpoint, signal);
        endpoint.consecutiveFailures = 0;
        endpoint.failingUntil = 0;
        return value;
      } catch (err) {
        release();
        lastError = err;
        lastKind = classifyFailure(err);
        if (!isRetryable(lastKind) || signal?.aborted) {
          this.failedCalls++;
          throw err;
        }
        endpoint.failures++;
        const asked = retryAfterMs(err, this.now());
        this.markFailing(endpoint, lastKind, asked);
        last = endpoint;
        if (attempt === this.options.maxRetries) break;
        this.retries++;
        // Another healthy endpoint can take the retry at once; otherwise wait here.
        const delay = this.hasHealthyOther(endpoint)
          ? 0
          : Math.min(this.options.maxRetryAfterMs ?? 60_000, asked ?? backoffMs(attempt, this.backoff, this.random));
        this.options.log?.(`${endpoint.url}: ${describeFailure(err)}; retry ${attempt + 1}/${this.options.maxRetries} in ${delay} ms`);
        await this.sleep(delay, signal);
      } finally {
        release();
      }
    }
    this.failedCalls++;
    throw new PoolCallError(`${tries} attempt(s) failed; last: ${describeFailure(lastError)}`, lastKind, tries, lastError);
  }

  /** The least busy endpoint not cooling down (preferring one other than `avoid`). */
  pick(avoid?: Endpoint): Endpoint {
    const now = this.now();
    let candidates = this.endpoints.filter((e) => e.failingUntil <= now && e !== avoid);
    if (candidates.length === 0) candidates = this.endpoints.filter((e) => e.failingUntil <= now);
    if (candidates.length === 0) return this.endpoints.reduce((a, b) => (b.failingUntil < a.failingUntil ? b : a));
    const start = this.rr++ % this.endpoints.length;
    let best: Endpoint | undefined;
    for (let i = 0; i < this.endpoints.length; i++) {
      const e = this.endpoints[(start + i) % this.endpoints.length];
      if (candidates.includes(e) && (!best || e.load < best.load)) best = e;
    }
    return best!;
  }

  stats(): PoolStats {
    const now = this.now();
    return {
      calls: this.calls,
      retries: this.retries,
      failedCalls: this.failedCalls,
      endpoints: this.endpoints.map((e) => ({ url: e.url, requests: e.requests, failures: e.failures, coolingForMs: Math.max(0, e.failingUntil - now) })),
    };
  }

  private markFailing(endpoint: Endpoint, kind: FailureKind, retryAfter: number | undefined): void {
    endpoint.consecutiveFailures++;
    const now = this.now();
    if (kind === 'rate-limited') endpoint.failingUntil = now + (retryAfter ?? this.backoff.baseMs);
    else if (kind === 'connection' || kind === 'timeout') endpoint.failingUntil = now + this.options.cooldownMs;
    // One 5xx or bad body can be a blip; two in a row mark the endpoint as failing.
    else if (endpoint.consecutiveFailures >= 2) endpoint.failingUntil = now + this.options.cooldownMs;
  }

  private hasHealthyOther(endpoint: Endpoint): boolean {
    const now = this.now();
    return this.endpoints.some((e) => e !== endpoint && e.failingUntil <= now);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
