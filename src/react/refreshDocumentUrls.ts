/**
 * The one way signed URLs are re-issued for a single document: `refresh-urls`, shared by every caller that asks at
 * the same time, and written back into the cache (detail and lists) rather than re-listing the account.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Document, DocumentsClient } from '../core';
import { documentKeys, type DocumentsScope } from './documentKeys';

/** Requests in flight, per client and document id: concurrent refreshes of one document share one request. */
const inFlight = new WeakMap<DocumentsClient, Map<string, Promise<Document>>>();

/** Options of {@link refreshDocumentUrls}. */
export interface RefreshDocumentUrlsOptions {
  /** Whether to write the result into the document's detail query. Defaults to `true`. */
  writeDetail?: boolean;
}

/**
 * Calls `refresh-urls` for one document and writes the result into the cache: the detail query and every list that
 * holds the document. Concurrent calls for the same client and id share one request (and one promise).
 */
export function refreshDocumentUrls(
  client: DocumentsClient,
  queryClient: QueryClient,
  documentId: string,
  options: RefreshDocumentUrlsOptions = {},
): Promise<Document> {
  let pending = inFlight.get(client);
  if (pending === undefined) {
    pending = new Map();
    inFlight.set(client, pending);
  }
  const existing = pending.get(documentId);
  const request =
    existing ??
    client.refreshUrls(documentId).finally(() => {
      pending.delete(documentId);
    });
  if (existing === undefined) pending.set(documentId, request);
  return request.then((document) => {
    writeDocuments(queryClient, client, [document], { writeDetail: options.writeDetail ?? true });
    return document;
  });
}

/** Whether a refresh of this document is in flight for this client. */
export function isRefreshingDocumentUrls(client: DocumentsClient, documentId: string): boolean {
  return inFlight.get(client)?.has(documentId) === true;
}

/**
 * Writes fresh copies of documents into the cache: each detail query (when `writeDetail`) and, in place, every list
 * that already holds them. Lists that do not hold a document are left alone (the caller invalidates them).
 */
export function writeDocuments(
  queryClient: QueryClient,
  scope: DocumentsScope,
  documents: readonly Document[],
  options: { writeDetail?: boolean } = {},
): void {
  if (documents.length === 0) return;
  if (options.writeDetail ?? true) {
    for (const document of documents) {
      queryClient.setQueryData<Document>(documentKeys.detail(scope, document.id), document);
    }
  }
  const byId = new Map(documents.map((document) => [document.id, document]));
  for (const [key, list] of queryClient.getQueriesData<Document[]>({ queryKey: documentKeys.lists(scope) })) {
    if (list?.some((document) => byId.has(document.id)) !== true) continue;
    queryClient.setQueryData<Document[]>(key, (old) =>
      old?.map((document) => byId.get(document.id) ?? document),
    );
  }
}
