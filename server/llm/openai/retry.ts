/**
 * Which failures of an OpenAI-compatible call are worth retrying, and how long to wait:
 * exponential backoff with full jitter, or the server's Retry-After when it gives one.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type FailureKind =
  /** Too many requests: wait (Retry-After) and retry, maybe elsewhere. */
  | 'rate-limited'
  /** 5xx, 408, 409: the server had a problem; retry. */
  | 'server-error'
  /** No answer in time. */
  | 'timeout'
  /** Could not connect / connection dropped. */
  | 'connection'
  /** 2xx with a body that is not a chat/embedding answer. */
  | 'malformed'
  /** The caller aborted. */
  | 'aborted'
  /** 4xx and anything else: retrying will not help. */
  | 'fatal';

/** A 2xx answer whose body was not what the API promises. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof APIUserAbortError) return 'aborted';
  if (err instanceof APIConnectionTimeoutError) return 'timeout';
  if (err instanceof APIConnectionError) return 'connection';
  if (err instanceof MalformedResponseError || err instanceof SyntaxError) return 'malformed';
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    if (status === 429) return 'rate-limited';
    if (status >= 500 || status === 408 || status === 409) return 'server-error';
    return 'fatal';
  }
  if (err instanceof Error && err.name === 'AbortError') return 'aborted';
  return 'fatal';
}

export function isRetryable(kind: FailureKind): boolean {
  return kind !== 'fatal' && kind !== 'aborted';
}

/** Milliseconds the server asked us to wait (retry-after-ms, then retry-after seconds or date). */
export function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  const headers = err instanceof APIError ? err.headers : undefined;
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (raw === null) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Full jitter: uniform in [0, min(max, base·2^attempt)] (attempt counts from 0). */
export function backoffMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/** A short description for logs and records. */
export function describeFailure(err: unknown): string {
  if (err instanceof APIError && err.status) return `HTTP ${err.status}${err.message ? `: ${err.message.slice(0, 200)}` : ''}`;
  return (err as Error)?.message?.slice(0, 200) ?? String(err);
}
