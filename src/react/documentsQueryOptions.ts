/**
 * Query options of document lists and details, usable with or without the provider: prefetch them
 * (`queryClient.prefetchQuery(documentsQueryOptions(client))`), read them with `useQuery` / `useSuspenseQuery`, or
 * let `useDocuments` / `useDocument` do it.
 *
 * Freshness of signed view URLs (docs/decisions/0003, decision 8): `staleTime` and `refetchInterval` derive from
 * the earliest `expiresAt` in the data, so a read is refreshed a margin before its URLs expire. A list is
 * re-listed; a single document whose URLs are due is refreshed with `refresh-urls`. Nothing here is persisted:
 * every query carries `meta: { persist: false }` (see {@link shouldDehydrateQuery}).
 */
import type { Query, QueryClient, queryOptions as tanstackQueryOptions } from '@tanstack/react-query';
import type { Document, DocumentsClient, ListDocumentsQuery } from '../core';
import { documentKeys, normaliseListQuery } from './documentKeys';
import { refreshAt, msUntilRefresh, resolveFreshness, type FreshnessOptions } from './freshness';
import { refreshDocumentUrls } from './refreshDocumentUrls';

/** Options of {@link documentsQueryOptions} and {@link documentQueryOptions}. */
export interface DocumentsQueryConfig extends FreshnessOptions {
  /**
   * The longest a read stays fresh, in ms, also when nothing in it expires (proxy URLs only). Lower it to pick up
   * changes made elsewhere on window focus; every refetch re-issues signed URLs, so images reload. Defaults to
   * `Infinity`.
   */
  maxStaleMs?: number;
}

/**
 * TanStack's `queryOptions`, which returns its argument and only adds types. Defined here, typed as TanStack's, so
 * this module (and so `react-lightreach-documents/server`) loads no React at run time: a React Server Component
 * or plain Node imports it without React's client build.
 */
const queryOptions = ((options: unknown) => options) as typeof tanstackQueryOptions;

/** The `meta` of every documents query: signed URLs are secrets and never persisted or dehydrated. */
export const DOCUMENTS_QUERY_META = Object.freeze({ persist: false });

/** A timer may fire a little early; a refresh this close to its due time counts as due. */
const DUE_TOLERANCE_MS = 1_000;

function staleTimeFor(
  documents: readonly Document[] | undefined,
  fetchedAt: number,
  config: DocumentsQueryConfig,
): number {
  const max = config.maxStaleMs ?? Number.POSITIVE_INFINITY;
  if (documents === undefined) return 0;
  return Math.min(msUntilRefresh(documents, fetchedAt, config) ?? max, max);
}

function refetchIntervalFor(
  documents: readonly Document[] | undefined,
  fetchedAt: number,
  config: DocumentsQueryConfig,
): number | false {
  if (documents === undefined) return false;
  const at = refreshAt(documents, fetchedAt, config);
  if (at === undefined) return false;
  return Math.max(at - Date.now(), resolveFreshness(config).minIntervalMs);
}

/**
 * Query options of one document list (active by default, or archived), keyed by {@link documentKeys.list}.
 *
 * @param client - The client of the account (`useDocumentsClient()` inside the provider).
 * @param query - `archived` and `sort`. Defaults to `{}` (active documents, the server's order).
 * @param config - Refresh margins. Defaults to {@link DEFAULT_FRESHNESS}.
 */
export function documentsQueryOptions(
  client: DocumentsClient,
  query: ListDocumentsQuery = {},
  config: DocumentsQueryConfig = {},
) {
  const listQuery = normaliseListQuery(query);
  return queryOptions({
    queryKey: documentKeys.list(client, listQuery),
    queryFn: ({ signal }): Promise<Document[]> => client.listDocuments(listQuery, { signal }),
    staleTime: (q: Query<Document[], Error, Document[]>) =>
      staleTimeFor(q.state.data, q.state.dataUpdatedAt, config),
    refetchInterval: (q: Query<Document[], Error, Document[]>) =>
      refetchIntervalFor(q.state.data, q.state.dataUpdatedAt, config),
    refetchOnWindowFocus: true,
    meta: DOCUMENTS_QUERY_META,
  });
}

/**
 * Query options of one document, keyed by {@link documentKeys.detail}. The first read is `GET …/{id}`; when the
 * cached copy's URLs are due, the refetch calls `refresh-urls` instead (shared with every other refresh of the same
 * document) and patches the new URLs into the lists that hold it.
 *
 * @param client - The client of the account (`useDocumentsClient()` inside the provider).
 * @param documentId - The document's id.
 * @param config - Refresh margins. Defaults to {@link DEFAULT_FRESHNESS}.
 */
export function documentQueryOptions(
  client: DocumentsClient,
  documentId: string,
  config: DocumentsQueryConfig = {},
) {
  return queryOptions({
    queryKey: documentKeys.detail(client, documentId),
    queryFn: (context): Promise<Document> => {
      // `client` is part of the query function context since @tanstack/query-core 5.x; older 5.x re-reads instead.
      const queryClient = (context as { client?: QueryClient }).client;
      const state = queryClient?.getQueryState<Document>(context.queryKey);
      if (queryClient !== undefined && state?.data !== undefined) {
        const due = refreshAt([state.data], state.dataUpdatedAt, config);
        if (due !== undefined && Date.now() + DUE_TOLERANCE_MS >= due) {
          // The query itself stores the result; only the lists are patched here.
          return refreshDocumentUrls(client, queryClient, documentId, { writeDetail: false });
        }
      }
      return client.getDocument(documentId, { signal: context.signal });
    },
    staleTime: (q: Query<Document, Error, Document>) =>
      staleTimeFor(q.state.data === undefined ? undefined : [q.state.data], q.state.dataUpdatedAt, config),
    refetchInterval: (q: Query<Document, Error, Document>) =>
      refetchIntervalFor(
        q.state.data === undefined ? undefined : [q.state.data],
        q.state.dataUpdatedAt,
        config,
      ),
    refetchOnWindowFocus: true,
    meta: DOCUMENTS_QUERY_META,
  });
}
