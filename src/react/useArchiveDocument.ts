'use client';
import { useMutation, type QueryKey, type UseMutationResult } from '@tanstack/react-query';
import type { Document, DocumentsError } from '../core';
import { useDocumentsContext } from './DocumentsContext';
import { documentKeys, type DocumentListKeyQuery } from './documentKeys';

/** What to archive: a document id, or the document itself (used for the optimistic archived list). */
export type ArchiveDocumentVariables = string | Document;

/** The optimistic update's undo record. */
export interface ArchiveDocumentContext {
  /** Every touched cache entry as it was before the optimistic update. */
  readonly previous: readonly (readonly [QueryKey, unknown])[];
}

/** What {@link useArchiveDocument} returns: TanStack's mutation result (`mutate(id)`, `error`, `isPending`, …). */
export type UseArchiveDocumentResult = UseMutationResult<
  undefined,
  DocumentsError,
  ArchiveDocumentVariables,
  ArchiveDocumentContext
>;

function idOf(variables: ArchiveDocumentVariables): string {
  return typeof variables === 'string' ? variables : variables.id;
}

/** Inserts a document where the list's sort puts it (ids sort chronologically; newest first by default). */
function insertSorted(
  list: readonly Document[],
  document: Document,
  query: DocumentListKeyQuery,
): Document[] {
  const ascending = query.sort === 'ID_ASC';
  const index = list.findIndex((other) => (ascending ? other.id > document.id : other.id < document.id));
  return index === -1 ? [...list, document] : [...list.slice(0, index), document, ...list.slice(index)];
}

/**
 * Archives (soft-deletes) a document, optimistically: it leaves the active lists at once and appears in the
 * archived lists with `archived: true`. When the API refuses, every list is put back and the mutation's `error`
 * says why. Lists are re-read once the request settles.
 *
 * @example
 * ```tsx
 * const archive = useArchiveDocument();
 * <button onClick={() => archive.mutate(document.id)} disabled={archive.isPending}>Archive</button>
 * {archive.error && <p role="alert">{archive.error.message}</p>}
 * ```
 */
export function useArchiveDocument(): UseArchiveDocumentResult {
  const { client, queryClient } = useDocumentsContext('useArchiveDocument');
  return useMutation<undefined, DocumentsError, ArchiveDocumentVariables, ArchiveDocumentContext>(
    {
      // Under the library's key root: shouldDehydrateMutation never serialises it (variables and undo record
      // hold documents, and so signed URLs).
      mutationKey: [...documentKeys.all(client), 'archive'],
      mutationFn: (variables) => client.archiveDocument(idOf(variables)).then(() => undefined),
      onMutate: async (variables) => {
        const id = idOf(variables);
        const listsKey = documentKeys.lists(client);
        const detailKey = documentKeys.detail(client, id);
        // A list request in flight would overwrite the optimistic state with the old one.
        await Promise.all([
          queryClient.cancelQueries({ queryKey: listsKey }),
          queryClient.cancelQueries({ queryKey: detailKey }),
        ]);
        const lists = queryClient.getQueriesData<Document[]>({ queryKey: listsKey });
        const detail = queryClient.getQueryData<Document>(detailKey);
        const previous: (readonly [QueryKey, unknown])[] = [...lists];
        if (detail !== undefined) previous.push([detailKey, detail]);

        const known =
          (typeof variables === 'string' ? undefined : variables) ??
          detail ??
          lists.flatMap(([, list]) => list ?? []).find((document) => document.id === id);
        const archived = known === undefined ? undefined : { ...known, archived: true };

        for (const [key, list] of lists) {
          if (list === undefined) continue;
          const query = key[4] as DocumentListKeyQuery | undefined;
          if (query?.archived === true) {
            if (archived !== undefined && !list.some((document) => document.id === id)) {
              queryClient.setQueryData<Document[]>(key, insertSorted(list, archived, query));
            }
          } else if (list.some((document) => document.id === id)) {
            queryClient.setQueryData<Document[]>(
              key,
              list.filter((document) => document.id !== id),
            );
          }
        }
        if (detail !== undefined)
          queryClient.setQueryData<Document>(detailKey, { ...detail, archived: true });
        return { previous };
      },
      onError: (_error, _variables, context) => {
        for (const [key, data] of context?.previous ?? []) queryClient.setQueryData(key, data);
      },
      onSettled: (_data, _error, variables) =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: documentKeys.lists(client) }),
          queryClient.invalidateQueries({ queryKey: documentKeys.detail(client, idOf(variables)) }),
        ]),
    },
    queryClient,
  );
}
