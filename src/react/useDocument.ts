'use client';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { Document } from '../core';
import { useDocumentsContext } from './DocumentsContext';
import { documentQueryOptions } from './documentsQueryOptions';

/**
 * One document with fresh view URLs. When its signed URLs near expiry it is refreshed with `refresh-urls` (not by
 * re-reading the list), and the new URLs are patched into the lists that hold it. Pass `undefined` to wait.
 *
 * @example
 * ```tsx
 * const { data: document } = useDocument(documentId);
 * ```
 */
export function useDocument(documentId: string | undefined): UseQueryResult<Document> {
  const { client, queryClient, config } = useDocumentsContext('useDocument');
  return useQuery(
    {
      ...documentQueryOptions(client, documentId ?? '', config),
      enabled: documentId !== undefined && documentId !== '',
    },
    queryClient,
  );
}
