'use client';
import { useCallback, useEffect, useReducer } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import {
  MAX_TIMER_MS,
  fetchWithToken,
  type Document,
  type DocumentsClient,
  type ViewUrl,
  type ViewUrlType,
} from '../core';
import { useDocumentsContext } from './DocumentsContext';
import { documentKeys } from './documentKeys';
import { refreshDocumentUrls } from './refreshDocumentUrls';

/** Options of {@link useViewUrl}. */
export interface UseViewUrlOptions {
  /** Which file of the document (index into `files`). Defaults to `0`. */
  file?: number;
  /** Which rendition; falls back to `original` when the variant does not exist (yet). Defaults to `'original'`. */
  variant?: ViewUrlType;
}

/** What {@link useViewUrl} returns. */
export interface UseViewUrlResult {
  /**
   * What to put in `src`/`href`: the signed URL while it is valid, a `blob:` URL for a proxy URL once fetched, or
   * `undefined` (no document, fetching, expired and refreshing, or failed).
   */
  src: string | undefined;
  /** When the signed URL expires (ISO date-time); `undefined` for proxy URLs. */
  expiresAt: string | undefined;
  /** The rendition actually used (`original` when the asked-for variant is missing). */
  variant: ViewUrlType | undefined;
  /** Whether `src` is a `blob:` URL of a token-protected proxy URL. */
  isProxy: boolean;
  /** Whether a refresh started by this hook (expiry or `onError`) is in flight. */
  isRefreshing: boolean;
  /** Why the file cannot be shown (the proxy fetch or the refresh failed). */
  error: Error | undefined;
  /** Wire to `<img onError>`: refreshes the document's URLs, at most once per URL. */
  onError: () => void;
}

function findViewUrl(
  document: Document | undefined,
  file: number,
  variant: ViewUrlType,
): ViewUrl | undefined {
  const viewUrls = document?.files[file]?.viewUrls;
  if (viewUrls === undefined) return undefined;
  return (
    viewUrls.find((viewUrl) => viewUrl.type === variant) ??
    viewUrls.find((viewUrl) => viewUrl.type === 'original')
  );
}

/** The later-expiring of two candidates (the document's own wins ties and proxy URLs). */
function fresher(own: ViewUrl | undefined, refreshed: ViewUrl | undefined): ViewUrl | undefined {
  if (refreshed?.expiresAt === undefined || own === undefined) return own ?? refreshed;
  if (own.expiresAt === undefined) return own;
  return Date.parse(refreshed.expiresAt) > Date.parse(own.expiresAt) ? refreshed : own;
}

function isSameOrigin(url: string, baseUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Whether a mounted query holds this document: its own schedule (a margin before expiry, or on focus after a
 * hidden tab) re-issues the URLs, so an expiry seen here needs no extra request per image.
 */
function isHeldByActiveQuery(queryClient: QueryClient, client: DocumentsClient, documentId: string): boolean {
  return queryClient
    .getQueryCache()
    .findAll({ queryKey: documentKeys.all(client), type: 'active' })
    .some((query) => {
      const data: unknown = query.state.data;
      if (Array.isArray(data)) return (data as Document[]).some((document) => document.id === documentId);
      return (data as Document | undefined)?.id === documentId;
    });
}

/**
 * A displayable URL for one file (and rendition) of a document that never goes stale:
 * - a signed URL is returned while valid; when it expires (or an `<img>` reports an error) the document's URLs are
 *   refreshed once with `refresh-urls` and the new URL is returned;
 * - a proxy URL (sensitive documents: no `expiresAt`, on the API's origin) is fetched with the bearer token into a
 *   `blob:` URL, revoked when no longer used (unmount or another URL).
 *
 * Pass the document from `useDocuments`/`useDocument` so cache refreshes reach it.
 *
 * @example
 * ```tsx
 * const { src, onError } = useViewUrl(document, { variant: 'thumbnail' });
 * return src ? <img src={src} onError={onError} alt={document.files[0]?.originalName ?? ''} /> : <Spinner />;
 * ```
 */
export function useViewUrl(
  document: Document | null | undefined,
  options: UseViewUrlOptions = {},
): UseViewUrlResult {
  const { client, queryClient } = useDocumentsContext('useViewUrl');
  const fileIndex = options.file ?? 0;
  const wanted = options.variant ?? 'original';
  const documentId = document?.id;

  const [state, dispatch] = useReducer(reduceView, NOTHING);
  // A refresh writes the cache, which reaches documents read through the hooks; `state.refreshed` covers documents
  // that came from elsewhere (e.g. an upload result).
  const { refreshed } = state;
  const viewUrl = fresher(
    findViewUrl(document ?? undefined, fileIndex, wanted),
    refreshed !== undefined && refreshed.id === documentId
      ? findViewUrl(refreshed, fileIndex, wanted)
      : undefined,
  );
  const url = viewUrl?.url;
  const expiresAt = viewUrl?.expiresAt;
  const isProxy = url !== undefined && expiresAt === undefined && isSameOrigin(url, client.baseUrl);

  // At most one refresh per URL, shared by every image showing it: a query keyed by the URL (TanStack dedupes it
  // and keeps its answer), started by an image error or an expiry.
  const requestRefresh = useCallback(
    (forUrl: string) => {
      if (documentId === undefined) return;
      const queryKey = [...documentKeys.all(client), 'refresh', forUrl] as const;
      if (queryClient.getQueryState(queryKey) !== undefined) return;
      dispatch({ type: 'refreshing', url: forUrl });
      queryClient
        // `query()` replaces it only in recent 5.x releases; the peer range starts at 5.66.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        .fetchQuery({
          queryKey,
          queryFn: () => refreshDocumentUrls(client, queryClient, documentId),
          staleTime: Number.POSITIVE_INFINITY,
          retry: false,
        })
        .then(
          (fresh) => {
            dispatch({ type: 'refreshed', url: forUrl, document: fresh });
          },
          (error: unknown) => {
            dispatch({ type: 'failed', url: forUrl, error: asError(error) });
          },
        );
    },
    [client, queryClient, documentId],
  );

  // A signed URL past its expiry is withdrawn. Queries refresh a margin before expiry while the page is visible
  // (and on focus after it was hidden), so only documents outside any mounted query are refreshed from here.
  useEffect(() => {
    if (url === undefined || expiresAt === undefined || documentId === undefined) return;
    const ms = Date.parse(expiresAt) - Date.now();
    // Beyond the longest delay a timer keeps (it would fire at once), nothing is armed: a page is not open that long.
    if (Number.isNaN(ms) || ms > MAX_TIMER_MS) return;
    const timer = setTimeout(
      () => {
        dispatch({ type: 'expired', url });
        if (!isHeldByActiveQuery(queryClient, client, documentId)) requestRefresh(url);
      },
      Math.max(0, ms),
    );
    return () => {
      clearTimeout(timer);
    };
  }, [url, expiresAt, documentId, client, queryClient, requestRefresh]);

  // Proxy URLs need the token: one fetch per URL (a query, shared by every image showing it), each image making its
  // own blob: URL of the bytes and revoking it when this URL is no longer shown.
  const proxy = useQuery({
    queryKey: [...documentKeys.all(client), 'file', url ?? ''],
    queryFn: ({ signal }) => fetchWithToken(client, url ?? '', { signal }),
    enabled: isProxy,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
    retry: false,
  });
  const bytes = isProxy ? proxy.data : undefined;
  useEffect(() => {
    if (bytes === undefined || url === undefined) return;
    const objectUrl = URL.createObjectURL(bytes);
    dispatch({ type: 'blob', url, src: objectUrl });
    return () => {
      URL.revokeObjectURL(objectUrl);
      dispatch({ type: 'blob', url, src: undefined });
    };
  }, [bytes, url]);

  const onError = useCallback(() => {
    if (url !== undefined) requestRefresh(url);
  }, [url, requestRefresh]);

  let src: string | undefined;
  if (url === undefined) src = undefined;
  else if (isProxy) src = state.blob?.url === url ? state.blob.src : undefined;
  else src = state.expired === url ? undefined : url;

  const error =
    (isProxy && proxy.error !== null ? proxy.error : undefined) ??
    (state.failed !== undefined && state.failed.url === url ? state.failed.error : undefined);

  return {
    src,
    expiresAt,
    variant: viewUrl?.type,
    isProxy,
    isRefreshing: state.refreshing !== undefined,
    error,
    onError,
  };
}

/** What one `useViewUrl` knows besides the document: its refresh, an expiry it saw, and its blob: URL. */
interface ViewState {
  readonly refreshed?: Document | undefined;
  /** The URL whose refresh is in flight. */
  readonly refreshing?: string | undefined;
  readonly failed?: { readonly url: string; readonly error: Error } | undefined;
  /** A signed URL seen past its expiry (withdrawn until a fresh one comes). */
  readonly expired?: string | undefined;
  /** The blob: URL made of a proxy URL's bytes. */
  readonly blob?: { readonly url: string; readonly src: string } | undefined;
}

type ViewAction =
  | { type: 'refreshing'; url: string }
  | { type: 'refreshed'; url: string; document: Document }
  | { type: 'failed'; url: string; error: Error }
  | { type: 'expired'; url: string }
  | { type: 'blob'; url: string; src: string | undefined };

const NOTHING: ViewState = {};

function reduceView(state: ViewState, action: ViewAction): ViewState {
  const settled = state.refreshing === action.url ? undefined : state.refreshing;
  switch (action.type) {
    case 'refreshing':
      return { ...state, refreshing: action.url };
    case 'refreshed':
      return { ...state, refreshed: action.document, refreshing: settled };
    case 'failed':
      return { ...state, failed: { url: action.url, error: action.error }, refreshing: settled };
    case 'expired':
      return { ...state, expired: action.url };
    case 'blob':
      if (action.src === undefined)
        return state.blob?.url === action.url ? { ...state, blob: undefined } : state;
      return { ...state, blob: { url: action.url, src: action.src } };
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
