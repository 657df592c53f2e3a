/**
 * `shouldDehydrateQuery` and `shouldDehydrateMutation` for `dehydrate()` and persisters: nothing that holds
 * documents (and so signed view URLs) is serialised (docs/decisions/0003, decisions 9 and 15).
 */
import type { Mutation, Query } from '@tanstack/react-query';
import { isDocumentsError } from '../core';
import { isDocumentsKey } from './documentKeys';

// TanStack's `defaultShouldDehydrateQuery` / `defaultShouldDehydrateMutation`, restated so this module (and so
// `react-lightreach-documents/server`) loads no React at run time. test/react/handOff.test.ts checks they agree.
const defaultShouldDehydrateQuery = (query: Query): boolean => query.state.status === 'success';
const defaultShouldDehydrateMutation = (mutation: Mutation): boolean => mutation.state.isPaused;

/**
 * Whether a query may be dehydrated (serialised for SSR hand-off or persisted): `false` for every query whose key
 * starts with the library's root (`DOCUMENTS_QUERY_ROOT`, as every `documentKeys` key does) whatever created it (the
 * hooks, or `setQueryData` after an upload or a URL refresh), and for any query with `meta.persist === false`;
 * otherwise TanStack's `defaultShouldDehydrateQuery` (successful queries only).
 *
 * @example
 * ```ts
 * dehydrate(queryClient, { shouldDehydrateQuery, shouldDehydrateMutation });
 * new QueryClient({ defaultOptions: { dehydrate: { shouldDehydrateQuery, shouldDehydrateMutation } } });
 * ```
 */
export function shouldDehydrateQuery(query: Query): boolean {
  if (isDocumentsKey(query.queryKey) || query.meta?.persist === false) return false;
  return defaultShouldDehydrateQuery(query);
}

/**
 * Whether a mutation may be dehydrated: `false` for the library's mutations (their key starts with the library's
 * root, like `useArchiveDocument`'s: their variables and undo record hold documents) and for any mutation with
 * `meta.persist === false`; otherwise TanStack's `defaultShouldDehydrateMutation` (paused mutations only).
 *
 * A refused paused mutation is not resumed after a reload: the app asks again.
 */
export function shouldDehydrateMutation(mutation: Mutation): boolean {
  if (isDocumentsKey(mutation.options.mutationKey) || mutation.meta?.persist === false) return false;
  return defaultShouldDehydrateMutation(mutation);
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
