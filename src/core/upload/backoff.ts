/**
 * Retry policy shared by signed PUTs, init calls, v1 uploads and SSE reconnects: capped exponential backoff with
 * full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), honouring Retry-After when the server sends it.
 */
import { DocumentsError, ForbiddenError, RateLimitedError, UnavailableError } from '../api/errors';
import type { RetryOptions } from './types';

/** Attempts in all, the first included, when `retry.attempts` is not given. */
export const DEFAULT_RETRY_ATTEMPTS = 4;
/** First backoff in ms when `retry.baseDelayMs` is not given. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
/** Largest backoff in ms when `retry.maxDelayMs` is not given. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 15_000;

/**
 * The longest wait a server's Retry-After may ask for when `retry.maxRetryAfterMs` is not given: 60 s. A longer
 * demand (a day, or a value past what a timer can hold) is not waited: the call fails with the server's retryable
 * error, which says when to try again.
 */
export const MAX_RETRY_AFTER_MS = 60_000;
/** How long network errors are retried while online when `retry.networkRetryWindowMs` is not given: 2 min. */
export const DEFAULT_NETWORK_RETRY_WINDOW_MS = 120_000;

/** {@link RetryOptions} with every default applied. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Applies the defaults (4 attempts, 500 ms base, 15 s cap, 60 s Retry-After, 2 min for network errors). */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const baseDelayMs = Math.max(0, options.baseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS);
  return {
    attempts: Math.max(1, Math.floor(options.attempts ?? DEFAULT_RETRY_ATTEMPTS)),
    baseDelayMs,
    maxDelayMs: Math.max(baseDelayMs, options.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS),
    maxRetryAfterMs: Math.max(0, options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS),
    networkRetryWindowMs: Math.max(0, options.networkRetryWindowMs ?? DEFAULT_NETWORK_RETRY_WINDOW_MS),
  };
}

/**
 * The wait before retry number `retry` (1 for the first retry): a uniformly random value in
 * `[0, min(maxDelayMs, baseDelayMs · 2^(retry-1))]`.
 */
export function backoffDelay(
  retry: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Whether a failed transfer or API call may be retried as it is: network errors, 408, 429 and 5xx. 400, 401, 403
 * and 404 are not (the same request would fail the same way).
 */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof DocumentsError)) return false;
  if (error.code === 'aborted') return false;
  return error.retryable;
}

/** Whether a storage 403 says the signed URL expired (handled by re-init, never shown as a failure). */
export function isExpiredUrlError(error: unknown): boolean {
  return error instanceof ForbiddenError && error.reason === 'expired';
}

/**
 * The wait before retry number `retry` after `error`: the server's Retry-After when it gave one (clamped to
 * `[0, maxRetryAfterMs]`), else backoff.
 */
export function retryDelayFor(
  error: unknown,
  retry: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const after = retryAfterOf(error);
  if (after !== undefined) return after > 0 ? Math.min(after, options.maxRetryAfterMs) : 0;
  return backoffDelay(retry, options, random);
}

const retryAfterOf = (error: unknown): number | undefined =>
  error instanceof RateLimitedError || error instanceof UnavailableError ? error.retryAfterMs : undefined;

/** Whether the server asked (Retry-After) to wait longer than `maxRetryAfterMs`: the call fails instead. */
export const exceedsRetryAfter = (error: unknown, options: ResolvedRetryOptions): boolean =>
  (retryAfterOf(error) ?? 0) > options.maxRetryAfterMs;

/** No answer at all (a dropped connection, a stalled transfer, a request timeout): worth waiting out. */
export const isConnectionError = (error: unknown): boolean =>
  error instanceof DocumentsError && (error.code === 'network' || error.code === 'timeout');

/**
 * Whether and when to try again after failure number `failures` of a streak that began at `since` (ms): `undefined`
 * means give up. Connection errors are retried until `networkRetryWindowMs` has passed since the streak began (not
 * bounded by `attempts`); other retryable errors `attempts` times in all; a Retry-After beyond `maxRetryAfterMs` is
 * not waited.
 */
export function nextRetry(
  error: unknown,
  failures: number,
  since: number,
  now: number,
  options: ResolvedRetryOptions,
  random: () => number,
): number | undefined {
  if (!isRetryableError(error)) return undefined;
  if (exceedsRetryAfter(error, options)) return undefined;
  if (isConnectionError(error)) {
    if (now - since >= options.networkRetryWindowMs) return undefined;
  } else if (failures >= options.attempts) return undefined;
  return retryDelayFor(error, failures, options, random);
}
