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
 * The longest wait a server's Retry-After may ask for: 60 s. Longer (a day, or a value past what a timer can hold)
 * is waited this long and then retried — the retry counts as an attempt, so a server that keeps asking ends in a
 * retryable failure instead of a silent wait.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** {@link RetryOptions} with every default applied. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Applies the defaults (4 attempts, 500 ms base, 15 s cap) and clamps nonsense values. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const attempts = Math.max(1, Math.floor(options.attempts ?? DEFAULT_RETRY_ATTEMPTS));
  const baseDelayMs = Math.max(0, options.baseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS);
  const maxDelayMs = Math.max(baseDelayMs, options.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS);
  return { attempts, baseDelayMs, maxDelayMs };
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
 * The wait before retry number `retry` after `error`: the server's Retry-After when it gave one (at most
 * {@link MAX_RETRY_AFTER_MS}), else backoff.
 */
export function retryDelayFor(
  error: unknown,
  retry: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  if (error instanceof RateLimitedError || error instanceof UnavailableError) {
    const after = error.retryAfterMs;
    if (after !== undefined) return after > 0 ? Math.min(after, MAX_RETRY_AFTER_MS) : 0;
  }
  return backoffDelay(retry, options, random);
}
