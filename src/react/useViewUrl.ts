'use client';
import { useCallback, useEffect, useState } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { fetchWithToken, type Document, type DocumentsClient, type ViewUrl, type ViewUrlType } from '../core';
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

/** URLs whose failure already caused a refresh, per client: an image error triggers at most one refresh per URL. */
const refreshedUrls = new WeakMap<DocumentsClient, Set<string>>();
const MAX_REMEMBERED_URLS = 1_000;

/** Records that `url` caused a refresh; `false` when it already had. */
function claimRefresh(client: DocumentsClient, url: string): boolean {
  let seen = refreshedUrls.get(client);
  if (seen === undefined) {
    seen = new Set();
    refreshedUrls.set(client, seen);
  }
  if (seen.has(url)) return false;
  if (seen.size >= MAX_REMEMBERED_URLS) {
    const oldest = seen.values().next();
    if (oldest.done !== true) seen.delete(oldest.value);
  }
  seen.add(url);
  return true;
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

/** setTimeout fires at once for delays beyond 2^31 − 1 ms. */
const MAX_TIMEOUT_MS = 2_147_483_647;

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

  // A refresh writes the cache, which reaches documents read through the hooks; this copy covers documents that
  // came from elsewhere (e.g. an upload result).
  const [refreshed, setRefreshed] = useState<Document | undefined>(undefined);
  const viewUrl = fresher(
    findViewUrl(document ?? undefined, fileIndex, wanted),
    refreshed !== undefined && refreshed.id === documentId
      ? findViewUrl(refreshed, fileIndex, wanted)
      : undefined,
  );
  const url = viewUrl?.url;
  const expiresAt = viewUrl?.expiresAt;
  const isProxy = url !== undefined && expiresAt === undefined && isSameOrigin(url, client.baseUrl);

  const [refreshing, setRefreshing] = useState<string | undefined>(undefined);
  const [refreshError, setRefreshError] = useState<{ url: string; error: Error } | undefined>(undefined);

  const requestRefresh = useCallback(
    (forUrl: string) => {
      if (documentId === undefined || !claimRefresh(client, forUrl)) return;
      setRefreshing(forUrl);
      refreshDocumentUrls(client, queryClient, documentId).then(
        (fresh) => {
          setRefreshed(fresh);
          setRefreshing((current) => (current === forUrl ? undefined : current));
        },
        (error: unknown) => {
          setRefreshError({ url: forUrl, error: error instanceof Error ? error : new Error(String(error)) });
          setRefreshing((current) => (current === forUrl ? undefined : current));
        },
      );
    },
    [client, queryClient, documentId],
  );

  // A signed URL past its expiry is withdrawn. Queries refresh a margin before expiry while the page is visible
  // (and on focus after it was hidden), so only documents outside any mounted query are refreshed from here.
  const [expiredUrl, setExpiredUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (url === undefined || expiresAt === undefined || documentId === undefined) return;
    const ms = Date.parse(expiresAt) - Date.now();
    if (Number.isNaN(ms) || ms > MAX_TIMEOUT_MS) return;
    const timer = setTimeout(
      () => {
        setExpiredUrl(url);
        if (!isHeldByActiveQuery(queryClient, client, documentId)) requestRefresh(url);
      },
      Math.max(0, ms),
    );
    return () => {
      clearTimeout(timer);
    };
  }, [url, expiresAt, documentId, client, queryClient, requestRefresh]);

  // Proxy URLs need the token: fetch into a blob: URL and revoke it when this URL is no longer shown.
  const [blob, setBlob] = useState<{ url: string; src: string } | undefined>(undefined);
  const [proxyError, setProxyError] = useState<{ url: string; error: Error } | undefined>(undefined);
  useEffect(() => {
    if (!isProxy) return;
    const controller = new AbortController();
    let active = true;
    let objectUrl: string | undefined;
    fetchWithToken(client, url, { signal: controller.signal }).then(
      (data) => {
        if (!active) return;
        objectUrl = URL.createObjectURL(data);
        setBlob({ url, src: objectUrl });
      },
      (error: unknown) => {
        if (!active) return;
        setProxyError({ url, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => {
      active = false;
      controller.abort();
      if (objectUrl !== undefined) URL.revokeObjectURL(objectUrl);
    };
  }, [client, isProxy, url]);

  const onError = useCallback(() => {
    if (url !== undefined) requestRefresh(url);
  }, [url, requestRefresh]);

  let src: string | undefined;
  if (url === undefined) src = undefined;
  else if (isProxy) src = blob?.url === url ? blob.src : undefined;
  else src = expiredUrl === url ? undefined : url;

  const error =
    (proxyError !== undefined && proxyError.url === url ? proxyError.error : undefined) ??
    (refreshError !== undefined && refreshError.url === url ? refreshError.error : undefined);

  return {
    src,
    expiresAt,
    variant: viewUrl?.type,
    isProxy,
    isRefreshing: refreshing !== undefined,
    error,
    onError,
  };
}
