'use client';
import { useCallback } from 'react';
import type { Document } from '../core';
import { useDocumentsContext } from './DocumentsContext';
import { refreshDocumentUrls } from './refreshDocumentUrls';

/** Re-issues a document's signed URLs; resolves with the refreshed document. */
export type RefreshDocumentUrls = (documentId: string) => Promise<Document>;

/**
 * A stable function that re-issues one document's signed view URLs with `refresh-urls` and writes the result into
 * the cache (the document's detail and every list holding it). Concurrent calls for the same document share one
 * request.
 *
 * @example
 * ```tsx
 * const refreshUrls = useRefreshDocumentUrls();
 * <button onClick={() => void refreshUrls(document.id)}>Reload</button>
 * ```
 */
export function useRefreshDocumentUrls(): RefreshDocumentUrls {
  const { client, queryClient } = useDocumentsContext('useRefreshDocumentUrls');
  return useCallback(
    (documentId: string) => refreshDocumentUrls(client, queryClient, documentId),
    [client, queryClient],
  );
}
