/**
 * `react-lightreach-documents/server`: what server code may import — React Server Components, route handlers,
 * server actions, loaders, plain Node. Query keys, query options, the dehydration rules and the types; the API
 * client to build them with. No hooks, no components, no `'use client'`, nothing that touches the DOM: a server
 * component prefetches here and hands the result to the client components of the main entry.
 *
 * ```tsx
 * const client = createDocumentsClient({ baseUrl, accountId, getAccessToken: () => serverSideToken });
 * await queryClient.prefetchQuery(documentsQueryOptions(client, { sort: 'ID_DESC' }));
 * <HydrationBoundary state={dehydrate(queryClient, { shouldDehydrateQuery: shouldHandOffQuery })}>…
 * ```
 */

// The API client, its errors and its types (the upload engine is browser work: import it from `/core`).
export {
  createDocumentsClient,
  normaliseBaseUrl,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DocumentsError,
  isDocumentsError,
  ConfigurationError,
  InvalidRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnavailableError,
  NetworkError,
  AbortedError,
  TimeoutError,
  InvalidResponseError,
} from './core';
export type {
  Document,
  DocumentFile,
  DocumentSort,
  DocumentStatus,
  DocumentType,
  DocumentsClient,
  DocumentsClientOptions,
  DocumentsEndpoints,
  DocumentsErrorCode,
  ErrorContext,
  ExternalReference,
  ForbiddenReason,
  GetAccessToken,
  GetAccessTokenOptions,
  KnownDocumentType,
  ListDocumentsQuery,
  RequestOptions,
  UrlPolicy,
  ViewUrl,
  ViewUrlType,
} from './core';

// Query keys and options: the same ones the hooks use, so what the server prefetches is what they read.
export { documentKeys, normaliseListQuery, isDocumentsKey, DOCUMENTS_QUERY_ROOT } from './react/documentKeys';
export type {
  DocumentsScope,
  DocumentListKeyQuery,
  DocumentListKey,
  DocumentDetailKey,
} from './react/documentKeys';
export {
  documentsQueryOptions,
  documentQueryOptions,
  DOCUMENTS_QUERY_META,
} from './react/documentsQueryOptions';
export type { DocumentsQueryConfig } from './react/documentsQueryOptions';
export {
  shouldDehydrateMutation,
  shouldDehydrateQuery,
  shouldRetryDocumentsQuery,
} from './react/shouldDehydrateQuery';
export { shouldHandOffQuery, HANDOFF_MIN_URL_LIFETIME_MS } from './react/handOff';
export {
  DEFAULT_FRESHNESS,
  earliestExpiry,
  msUntilRefresh,
  refreshAt,
  refreshMargin,
  resolveFreshness,
} from './react/freshness';
export type { FreshnessOptions, ResolvedFreshnessOptions } from './react/freshness';
