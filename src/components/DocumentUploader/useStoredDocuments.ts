'use client';
import { useQueries } from '@tanstack/react-query';
import { useDocumentsContext } from '../../react/DocumentsContext';
import { documentQueryOptions } from '../../react/documentsQueryOptions';
import { shouldRetryDocumentsQuery } from '../../react/shouldDehydrateQuery';
import type { UploadListStoredDocument } from '../UploadList/UploadList';

/**
 * The documents behind ids the field holds but did not upload in this session (e.g. an application reopened for
 * editing): each read with the document query (shared with `useDocument` and kept fresh the same way). A 404 (an
 * id that does not exist, or another account's) is not retried and is that row's error, never a throw.
 */
export function useStoredDocuments(ids: readonly string[]): UploadListStoredDocument[] {
  const { client, queryClient, config } = useDocumentsContext('DocumentUploader');
  return useQueries(
    {
      queries: ids.map((id) => ({
        ...documentQueryOptions(client, id, config),
        retry: shouldRetryDocumentsQuery,
      })),
      combine: (results) =>
        results.map((result, index) => ({
          id: ids[index] ?? '',
          document: result.data,
          error: result.data === undefined ? (result.error ?? undefined) : undefined,
        })),
    },
    queryClient,
  );
}
