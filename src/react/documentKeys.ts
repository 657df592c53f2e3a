/**
 * Query keys of the documents cache. Every key starts with the API's base URL and the account id, so two providers
 * (two accounts, or two environments) never share cache entries, and invalidating one account leaves others alone.
 */
import type { QueryKey } from '@tanstack/react-query';
import { normaliseBaseUrl, type DocumentSort, type ListDocumentsQuery } from '../core';

/** Which API and account a key belongs to: a `DocumentsClient` (from `useDocumentsClient()`) has both. */
export interface DocumentsScope {
  /** The API's root URL; normalised the way the client normalises it. */
  readonly baseUrl: string;
  /** The account id. */
  readonly accountId: string;
}

/** The query of a document list, normalised for its key. */
export interface DocumentListKeyQuery {
  /** Whether the list holds archived documents. */
  archived: boolean;
  /** The server-side sort, when one was asked for. */
  sort?: DocumentSort;
}

/** The first element of every key. */
export const DOCUMENTS_QUERY_ROOT = 'lightreach-documents';

/**
 * Whether a query or mutation key is the library's: it starts with {@link DOCUMENTS_QUERY_ROOT}, whatever account,
 * API or created it (a hook, `setQueryData` after an upload, an app's own `documentKeys.all(...)` key).
 */
export function isDocumentsKey(key: QueryKey | undefined): boolean {
  return key?.[0] === DOCUMENTS_QUERY_ROOT;
}

/** Normalises a list query so `{}` and `{ archived: false }` share one cache entry. */
export function normaliseListQuery(query: ListDocumentsQuery = {}): DocumentListKeyQuery {
  return query.sort === undefined
    ? { archived: query.archived ?? false }
    : { archived: query.archived ?? false, sort: query.sort };
}

/**
 * The query key factory. Use it to invalidate, prefetch or read the cache:
 * `queryClient.invalidateQueries({ queryKey: documentKeys.lists(client) })`.
 */
export const documentKeys = {
  /** Everything of one account. */
  all: (scope: DocumentsScope) =>
    [DOCUMENTS_QUERY_ROOT, normaliseBaseUrl(scope.baseUrl), scope.accountId] as const,
  /** Every list (active and archived, every sort) of one account. */
  lists: (scope: DocumentsScope) => [...documentKeys.all(scope), 'list'] as const,
  /** One list. */
  list: (scope: DocumentsScope, query: ListDocumentsQuery = {}) =>
    [...documentKeys.lists(scope), normaliseListQuery(query)] as const,
  /** Every document detail of one account. */
  details: (scope: DocumentsScope) => [...documentKeys.all(scope), 'detail'] as const,
  /** One document. */
  detail: (scope: DocumentsScope, documentId: string) =>
    [...documentKeys.details(scope), documentId] as const,
};

/** The key of one document list. */
export type DocumentListKey = ReturnType<typeof documentKeys.list>;
/** The key of one document. */
export type DocumentDetailKey = ReturnType<typeof documentKeys.detail>;
