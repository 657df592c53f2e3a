/**
 * A server component: prefetches the account's documents with the library's query options (from the server entry,
 * which has no hooks and no 'use client') and hands them to the client form through `HydrationBoundary`, so the
 * gallery renders with the page, without a second round trip.
 */
import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import { connection } from 'next/server';
import {
  createDocumentsClient,
  documentsQueryOptions,
  shouldHandOffQuery,
} from 'react-lightreach-documents/server';
import { accessToken, documentsConnection } from '@/lib/documentsConfig';
import { ApplicationForm } from './ApplicationForm';

export default async function ApplicationPage() {
  // Rendered per request, for the signed-in user: the hand-off holds signed URLs, so this page must never be static,
  // ISR or cached (docs: shouldHandOffQuery). Reading the session (cookies()) makes a page dynamic too.
  await connection();
  const { baseUrl, accountId } = documentsConnection();
  const client = createDocumentsClient({ baseUrl, accountId, getAccessToken: accessToken });
  const queryClient = new QueryClient();
  // The gallery's default list: active documents, newest first.
  await queryClient.prefetchQuery(documentsQueryOptions(client, { sort: 'ID_DESC' }));

  return (
    <main>
      <h1>Solar application</h1>
      <HydrationBoundary state={dehydrate(queryClient, { shouldDehydrateQuery: shouldHandOffQuery })}>
        <ApplicationForm baseUrl={baseUrl} accountId={accountId} />
      </HydrationBoundary>
    </main>
  );
}
