/**
 * When cached documents must be refreshed so that their signed view URLs never go stale
 * (docs/decisions/0003, decision 8).
 * Pure functions of the documents and a time: no React, no timers.
 */
import type { Document } from '../core';

/** How long before a signed URL expires it is refreshed. */
export interface FreshnessOptions {
  /** The smallest margin before `expiresAt`, in ms. Defaults to `120000` (2 minutes). */
  minMarginMs?: number;
  /** The margin as a share of the URL's remaining lifetime when that is larger than `minMarginMs`. Defaults to `0.1`. */
  marginRatio?: number;
  /**
   * The shortest delay between two scheduled refreshes, in ms: guards against a refresh loop when the server keeps
   * answering with URLs that are already inside the margin. Defaults to `5000`.
   */
  minIntervalMs?: number;
}

/** {@link FreshnessOptions} with every default applied. */
export type ResolvedFreshnessOptions = Required<FreshnessOptions>;

/** The defaults of {@link FreshnessOptions}. */
export const DEFAULT_FRESHNESS: ResolvedFreshnessOptions = Object.freeze({
  minMarginMs: 120_000,
  marginRatio: 0.1,
  minIntervalMs: 5_000,
});

/** Applies the defaults of {@link FreshnessOptions}. */
export function resolveFreshness(options: FreshnessOptions = {}): ResolvedFreshnessOptions {
  return {
    minMarginMs: options.minMarginMs ?? DEFAULT_FRESHNESS.minMarginMs,
    marginRatio: options.marginRatio ?? DEFAULT_FRESHNESS.marginRatio,
    minIntervalMs: options.minIntervalMs ?? DEFAULT_FRESHNESS.minIntervalMs,
  };
}

/** Every `expiresAt` (ms since the epoch) of the documents' view URLs. Proxy URLs have none and never expire. */
function* expiries(documents: Iterable<Document>): Generator<number> {
  for (const document of documents) {
    for (const file of document.files) {
      for (const viewUrl of file.viewUrls) {
        if (viewUrl.expiresAt === undefined) continue;
        const at = Date.parse(viewUrl.expiresAt);
        if (!Number.isNaN(at)) yield at;
      }
    }
  }
}

/** The earliest `expiresAt` among the documents' view URLs (ms since the epoch), or `undefined` when none expires. */
export function earliestExpiry(documents: Iterable<Document>): number | undefined {
  let earliest: number | undefined;
  for (const at of expiries(documents)) if (earliest === undefined || at < earliest) earliest = at;
  return earliest;
}

/**
 * The refresh margin for a URL with `remainingMs` left: the larger of `minMarginMs` and `marginRatio` of the
 * remaining lifetime, but never more than half of it, so a short-lived URL is still used for a while.
 */
export function refreshMargin(remainingMs: number, options: FreshnessOptions = {}): number {
  const { minMarginMs, marginRatio } = resolveFreshness(options);
  if (remainingMs <= 0) return 0;
  return Math.min(Math.max(minMarginMs, marginRatio * remainingMs), remainingMs / 2);
}

/**
 * How many ms after `now` documents read at `now` should be refreshed: a margin before the earliest signed URL
 * expires (see {@link refreshMargin}). `0` when a URL is already due; `undefined` when nothing expires (no URLs, or
 * only proxy URLs).
 *
 * Call it with the time the documents were fetched (a query's `dataUpdatedAt`), so the margin is a share of the
 * URLs' lifetime as issued.
 */
export function msUntilRefresh(
  documents: Iterable<Document>,
  now: number,
  options: FreshnessOptions = {},
): number | undefined {
  let soonest: number | undefined;
  for (const at of expiries(documents)) {
    const remaining = at - now;
    const due = Math.max(0, remaining - refreshMargin(remaining, options));
    if (soonest === undefined || due < soonest) soonest = due;
  }
  return soonest;
}

/**
 * The time (ms since the epoch) at which documents fetched at `fetchedAt` should be refreshed, or `undefined` when
 * nothing in them expires.
 */
export function refreshAt(
  documents: Iterable<Document>,
  fetchedAt: number,
  options: FreshnessOptions = {},
): number | undefined {
  const ms = msUntilRefresh(documents, fetchedAt, options);
  return ms === undefined ? undefined : fetchedAt + ms;
}
