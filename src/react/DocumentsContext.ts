'use client';
/**
 * The contexts of `<DocumentsProvider>` and the hooks that read them.
 */
import { createContext, useContext } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { ConfigurationError, type DocumentsClient, type UploadPool } from '../core';
import type { DocumentsQueryConfig } from './documentsQueryOptions';
import type { FieldRegistry } from './fieldRegistry';
import type { DocumentsLabelsOverrides } from './labels';

/** What `<DocumentsProvider>` gives its hooks. */
export interface DocumentsContextValue {
  /** The API client of the account. */
  readonly client: DocumentsClient;
  /** The QueryClient holding the documents cache. */
  readonly queryClient: QueryClient;
  /** Refresh margins of view URLs. */
  readonly config: DocumentsQueryConfig;
}

/** @internal The provider's value; `null` outside a provider. */
export const DocumentsContext = createContext<DocumentsContextValue | null>(null);

/** @internal What `<DocumentsProvider>` gives its uploaders: one transfer pool and the live field identities. */
export interface DocumentsUploadsValue {
  /** Transfer slots and SSE streams shared by every uploader below the provider. */
  readonly pool: UploadPool | undefined;
  /** Keeps two uploaders from sharing a recovery record. */
  readonly fields: FieldRegistry;
}

/** @internal The provider's uploads value; `null` outside a provider. */
export const DocumentsUploadsContext = createContext<DocumentsUploadsValue | null>(null);

/**
 * @internal The label overrides of the providers above (merged, innermost last); none outside a provider. Each
 * component merges them over its own defaults, so an uploader does not carry the gallery's strings.
 */
export const DocumentsLabelsContext = createContext<DocumentsLabelsOverrides | undefined>(undefined);

/** @internal The provider's `locale` (numbers, sizes, dates); `undefined` for the browser's. */
export const DocumentsLocaleContext = createContext<string | undefined>(undefined);

/** The locale a component formats with: its own `locale` prop, else the provider's, else the browser's. */
export function useLocale(own?: string): string | undefined {
  const provided = useContext(DocumentsLocaleContext);
  return own ?? provided;
}

/**
 * @internal The provider's value, or a {@link ConfigurationError} naming the hook when there is no provider.
 */
export function useDocumentsContext(hookName: string): DocumentsContextValue {
  const value = useContext(DocumentsContext);
  if (value === null) {
    throw new ConfigurationError(
      `${hookName} must be used inside <DocumentsProvider>: wrap your app in <DocumentsProvider baseUrl accountId getAccessToken>.`,
    );
  }
  return value;
}

/**
 * The provider's API client, to call the API directly or to prefetch:
 * `queryClient.prefetchQuery(documentsQueryOptions(client))`. Throws {@link ConfigurationError} outside
 * `<DocumentsProvider>`.
 */
export function useDocumentsClient(): DocumentsClient {
  return useDocumentsContext('useDocumentsClient').client;
}
