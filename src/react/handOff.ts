/**
 * The server-rendered hand-off of document reads (docs/decisions/0007): a server component or loader prefetches a
 * list with {@link documentsQueryOptions} and hands it to the browser in the same response (`HydrationBoundary`),
 * so the page shows the documents on first paint instead of a spinner and a second round trip.
 */
import type { Query } from '@tanstack/react-query';
import type { Document } from '../core';
import { isDocumentsKey } from './documentKeys';
import { earliestExpiry } from './freshness';
import { shouldDehydrateQuery } from './shouldDehydrateQuery';

/** A handed-off read whose first signed URL expires sooner than this is left for the browser to fetch. */
export const HANDOFF_MIN_URL_LIFETIME_MS = 60_000;

function isDocument(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null) return false;
  const { id, files } = value as { id?: unknown; files?: unknown };
  return typeof id === 'string' && Array.isArray(files);
}

/** The documents a successful list or detail read holds, or `undefined` for anything else under the root. */
function documentsOf(query: Query): Document[] | undefined {
  const kind = query.queryKey[3];
  const data: unknown = query.state.data;
  if (kind === 'list' && Array.isArray(data) && data.every(isDocument)) return data;
  if (kind === 'detail' && isDocument(data)) return [data];
  return undefined;
}

/**
 * `shouldDehydrateQuery` for the one-shot hand-off of a server-rendered page to the browser that requested it
 * (`dehydrate(queryClient, { shouldDehydrateQuery: shouldHandOffQuery })` in a Next.js server component):
 *
 * - the library's document lists and details are handed off when they succeeded and their earliest signed URL
 *   still has {@link HANDOFF_MIN_URL_LIFETIME_MS} to live (the browser refreshes them before expiry as usual);
 * - every other query under `DOCUMENTS_QUERY_ROOT` (view-URL blobs, anything unknown), and every failed or pending
 *   read, is refused;
 * - other queries get the strict {@link shouldDehydrateQuery} (TanStack's defaults unless `meta.persist === false`).
 *
 * Only for a response rendered per request for the signed-in user (`Cache-Control: private, no-store`, Next.js's
 * default for dynamic pages): never in a static, ISR or `'use cache'` page, a CDN-cached response or a persister —
 * there, use {@link shouldDehydrateQuery}, which refuses every documents query. Handed-off queries keep their keys,
 * so a persister in the browser still refuses them.
 */
export function shouldHandOffQuery(query: Query): boolean {
  if (!isDocumentsKey(query.queryKey)) return shouldDehydrateQuery(query);
  if (query.state.status !== 'success') return false;
  const documents = documentsOf(query);
  if (documents === undefined) return false;
  const expiry = earliestExpiry(documents);
  return expiry === undefined || expiry - Date.now() >= HANDOFF_MIN_URL_LIFETIME_MS;
}
