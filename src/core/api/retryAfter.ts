/**
 * The server's Retry-After (RFC 9110 §10.2.3: delta-seconds or an HTTP-date), and how an error says when to try
 * again. The engine clamps what it waits (`retry.maxRetryAfterMs`); these keep what the server said.
 */

/** The largest Retry-After kept, in ms (a bigger or non-finite value is kept as this): about 285,000 years. */
const MAX_RETRY_AFTER = Number.MAX_SAFE_INTEGER;

/**
 * Parses a Retry-After header (delta-seconds or HTTP-date) to milliseconds from `now`. `undefined` when absent or
 * unparseable (a negative number included); never negative, never more than `Number.MAX_SAFE_INTEGER`.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  // absent and blank read alike: neither a number nor a date
  const trimmed = (value ?? '').trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(Math.round(Number(trimmed) * 1000), MAX_RETRY_AFTER);
  // A signed or malformed number is not a date either (`Date.parse('-5')` is the year −5: "retry now").
  if (/^[-+]?[\d.]+$/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When to try again, as the end of an error message: `Try again in 90 s.`, `… in 5 min.`, `… in 3 h.`,
 * `… in 2 days.` (rounded up, so never sooner than the server said), `Try again now.` for 0, and `Try again in more
 * than a year.` past 365 days.
 */
export function tryAgainIn(ms: number): string {
  if (!(ms > 0)) return 'Try again now.';
  if (ms < 2 * MINUTE) return `Try again in ${Math.ceil(ms / SECOND)} s.`;
  if (ms < 2 * HOUR) return `Try again in ${Math.ceil(ms / MINUTE)} min.`;
  if (ms < 2 * DAY) return `Try again in ${Math.ceil(ms / HOUR)} h.`;
  if (ms <= 365 * DAY) return `Try again in ${Math.ceil(ms / DAY)} days.`;
  return 'Try again in more than a year.';
}

/** `message` followed by {@link tryAgainIn} (a full stop added between them when the message has none). */
export function withTryAgain(message: string, retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined) return message;
  return `${message}${/[.!?…]$/.test(message) ? '' : '.'} ${tryAgainIn(retryAfterMs)}`;
}
