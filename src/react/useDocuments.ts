'use client';
import { useMemo } from 'react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { Document, DocumentSort, DocumentType } from '../core';
import { useDocumentsContext } from './DocumentsContext';
import { documentsQueryOptions } from './documentsQueryOptions';

/** Options of {@link useDocuments}. */
export interface UseDocumentsOptions {
  /** List archived documents instead of active ones. Defaults to `false`. */
  archived?: boolean;
  /** `ID_DESC` (newest first) or `ID_ASC`. Defaults to the server's order. */
  sort?: DocumentSort;
  /** Keep only documents of this type (or these types); filtered in the browser, one request for all types. Defaults to every type. */
  type?: DocumentType | readonly DocumentType[];
  /** Set `false` to hold the request (e.g. until a user picks an account). Defaults to `true`. */
  enabled?: boolean;
}

/**
 * The account's documents (active, or archived), kept fresh: the list is re-read a margin before its earliest signed
 * URL expires, on window focus when stale, and after uploads and archives made through these hooks.
 *
 * @example
 * ```tsx
 * const { data: documents = [], isPending, error } = useDocuments({ sort: 'ID_DESC', type: 'utilityBill' });
 * ```
 */
export function useDocuments(options: UseDocumentsOptions = {}): UseQueryResult<Document[]> {
  const { client, queryClient, config } = useDocumentsContext('useDocuments');
  const { archived, sort, type, enabled } = options;
  // A string key so an inline array of types does not make a new filter on every render.
  const typeKey = type === undefined ? undefined : typeof type === 'string' ? type : type.join('\u0000');
  const select = useMemo(() => {
    if (typeKey === undefined) return undefined;
    const types = new Set(typeKey.split('\u0000'));
    return (documents: Document[]) => documents.filter((document) => types.has(document.type));
  }, [typeKey]);
  return useQuery(
    {
      ...documentsQueryOptions(client, { archived, sort }, config),
      select,
      enabled: enabled ?? true,
    },
    queryClient,
  );
}
