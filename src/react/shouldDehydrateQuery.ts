/**
 * A `shouldDehydrateQuery` for `dehydrate()` and persisters that keeps signed view URLs out of any serialised
 * cache (docs/decisions/0003, decision 9).
 */
import { defaultShouldDehydrateQuery, type Query } from '@tanstack/react-query';
import { isDocumentsError } from '../core';

/**
 * Whether a query may be dehydrated (serialised for SSR hand-off or persisted): `false` for queries with
 * `meta.persist === false` (every documents query: they hold signed URLs), otherwise TanStack's
 * `defaultShouldDehydrateQuery` (successful queries only).
 *
 * @example
 * ```ts
 * dehydrate(queryClient, { shouldDehydrateQuery });
 * new QueryClient({ defaultOptions: { dehydrate: { shouldDehydrateQuery } } });
 * ```
 */
export function shouldDehydrateQuery(query: Query): boolean {
  if (query.meta?.persist === false) return false;
  return defaultShouldDehydrateQuery(query);
}

/**
 * A TanStack `retry` function for documents queries: never retries what cannot succeed by retrying (400, 401
 * after the client's own token refresh, 403, 404, invalid responses), retries the rest up to 3 times. The
 * provider's own QueryClient uses it; pass it to yours as `defaultOptions.queries.retry` to get the same.
 */
export function shouldRetryDocumentsQuery(failureCount: number, error: unknown): boolean {
  if (isDocumentsError(error) && !error.retryable) return false;
  return failureCount < 3;
}
