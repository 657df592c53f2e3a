'use client';
import { useContext, useInsertionEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { createDocumentsClient, createUploadPool, type DocumentsClient, type GetAccessToken } from '../core';
import {
  DocumentsContext,
  DocumentsLabelsContext,
  DocumentsLocaleContext,
  DocumentsUploadsContext,
  type DocumentsContextValue,
  type DocumentsUploadsValue,
  useLocale,
} from './DocumentsContext';
import type { DocumentsQueryConfig } from './documentsQueryOptions';
import { createFieldRegistry } from './fieldRegistry';
import { mergeLabels, type DocumentsLabelsOverrides } from './labels';
import {
  shouldDehydrateMutation,
  shouldDehydrateQuery,
  shouldRetryDocumentsQuery,
} from './shouldDehydrateQuery';

/** Props of {@link DocumentsProvider} shared by both ways of giving it an API client. */
export interface DocumentsProviderCommonProps {
  /**
   * The QueryClient for the documents cache. Defaults to the app's (from an enclosing `QueryClientProvider`), or one
   * the provider creates once and keeps.
   */
  queryClient?: QueryClient;
  /** Label overrides (translations) for every hook and component below. Defaults to the English `defaultLabels`. */
  labels?: DocumentsLabelsOverrides;
  /**
   * The locale of numbers, sizes and dates in every component below (e.g. `'es'` with `esLabels`); a component's
   * own `locale` prop wins. Defaults to the browser's (a provider above passes its own down).
   */
  locale?: string;
  /** Refresh margins of signed view URLs. Defaults to `DEFAULT_FRESHNESS` (2 min or 10 % of the lifetime). */
  freshness?: DocumentsQueryConfig;
  /**
   * File transfers in flight at once across every uploader below this provider (each may ask for fewer with its
   * own `concurrency`). Read when an uploader mounts. Defaults to `4`.
   */
  uploadConcurrency?: number;
  /**
   * Job progress streams (SSE) open at once per API origin, across every uploader below; further jobs are polled
   * until a stream is free, so other API calls never wait for a connection. Read when an uploader mounts.
   * Defaults to `2`.
   */
  maxEventStreams?: number;
  children?: ReactNode;
}

/** The provider creates its client from these. */
export interface DocumentsProviderConnectionProps {
  /** The API's root URL, e.g. `https://api.example.com`. */
  baseUrl: string;
  /** The account whose documents are shown and uploaded. */
  accountId: string;
  /**
   * Returns the bearer token; called for every request (cache it yourself) and with `forceRefresh: true` after a
   * 401. A new function on every render is fine: the latest one is always used.
   */
  getAccessToken: GetAccessToken;
  /**
   * How long one API request may take before it fails with a retryable `TimeoutError`, in ms. Defaults to the
   * client's, `DEFAULT_REQUEST_TIMEOUT_MS` (30 s).
   */
  requestTimeoutMs?: number;
  client?: undefined;
}

/** The app brings its own client (`createDocumentsClient`), e.g. to share it with non-React code. */
export interface DocumentsProviderClientProps {
  /** A client from `createDocumentsClient`; `baseUrl`, `accountId` and `getAccessToken` come from it. */
  client: DocumentsClient;
  baseUrl?: undefined;
  accountId?: undefined;
  getAccessToken?: undefined;
  requestTimeoutMs?: undefined;
}

/** Props of {@link DocumentsProvider}. */
export type DocumentsProviderProps = DocumentsProviderCommonProps &
  (DocumentsProviderConnectionProps | DocumentsProviderClientProps);

/**
 * Connects the hooks (and components) below it to one account of the Documents API.
 *
 * It uses the app's QueryClient when one is given or provided above, otherwise creates one; it creates the API
 * client once and again only when `baseUrl`, `accountId` or `requestTimeoutMs` change, and one upload pool shared by
 * every uploader below it (`uploadConcurrency`, `maxEventStreams`). Safe to render on the server.
 *
 * @example
 * ```tsx
 * <DocumentsProvider baseUrl="https://api.example.com" accountId={accountId} getAccessToken={() => auth.token()}>
 *   <App />
 * </DocumentsProvider>
 * ```
 */
export function DocumentsProvider(props: DocumentsProviderProps): ReactNode {
  const { baseUrl, accountId, getAccessToken, requestTimeoutMs, client: clientProp, children } = props;

  const tokenRef = useRef(getAccessToken);
  useInsertionEffect(() => {
    tokenRef.current = getAccessToken;
  });

  const client = useMemo(
    () =>
      clientProp ??
      // The client keeps the getter and calls it per request, never during render.
      // eslint-disable-next-line react-hooks/refs
      createDocumentsClient({
        baseUrl,
        accountId,
        getAccessToken: (options) => {
          const get = tokenRef.current;
          if (get === undefined) throw new TypeError('getAccessToken is missing');
          return get(options);
        },
        requestTimeoutMs,
      }),
    [clientProp, baseUrl, accountId, requestTimeoutMs],
  );

  const appQueryClient = useContext(QueryClientContext);
  const [ownQueryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: shouldRetryDocumentsQuery },
          dehydrate: { shouldDehydrateQuery, shouldDehydrateMutation },
        },
      }),
  );
  const queryClient = props.queryClient ?? appQueryClient ?? ownQueryClient;

  const { minMarginMs, marginRatio, minIntervalMs, maxStaleMs } = props.freshness ?? {};
  const value = useMemo<DocumentsContextValue>(
    () => ({
      client,
      queryClient,
      config: { minMarginMs, marginRatio, minIntervalMs, maxStaleMs },
    }),
    [client, queryClient, minMarginMs, marginRatio, minIntervalMs, maxStaleMs],
  );

  // One pool for every uploader below: a page with three fields still runs `uploadConcurrency` PUTs, not three times
  // that. Creating it touches no browser global, so this is safe on the server.
  const { uploadConcurrency, maxEventStreams } = props;
  const [fields] = useState(createFieldRegistry);
  const uploads = useMemo<DocumentsUploadsValue>(
    () => ({
      // (undefined: the default)
      pool: createUploadPool({ concurrency: uploadConcurrency, maxStreamsPerOrigin: maxEventStreams }),
      fields,
    }),
    [uploadConcurrency, maxEventStreams, fields],
  );

  const parentLabels = useContext(DocumentsLabelsContext);
  const labelOverrides = props.labels;
  const labels = useMemo(
    () => (labelOverrides === undefined ? parentLabels : mergeLabels(parentLabels ?? {}, labelOverrides)),
    [parentLabels, labelOverrides],
  );

  const locale = useLocale(props.locale);

  const tree = (
    <DocumentsContext.Provider value={value}>
      <DocumentsUploadsContext.Provider value={uploads}>
        <DocumentsLabelsContext.Provider value={labels}>
          <DocumentsLocaleContext.Provider value={locale}>{children}</DocumentsLocaleContext.Provider>
        </DocumentsLabelsContext.Provider>
      </DocumentsUploadsContext.Provider>
    </DocumentsContext.Provider>
  );
  // TanStack hooks below must see the same QueryClient the documents hooks use.
  return queryClient === appQueryClient ? (
    tree
  ) : (
    <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>
  );
}
