/**
 * A `shouldDehydrateQuery` for `dehydrate()` and persisters that keeps signed view URLs out of any serialised
 * cache (DESIGN.md decision 9).
 */
import { defaultShouldDehydrateQuery, type Query } from '@tanstack/react-query';

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
