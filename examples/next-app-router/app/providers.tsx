'use client';
/**
 * One QueryClient per request on the server and one per tab in the browser (TanStack's App Router pattern): the
 * server page's `HydrationBoundary` fills it, and `<DocumentsProvider>` below uses it (an enclosing
 * QueryClientProvider's client is the provider's default).
 */
import { isServer, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  shouldDehydrateMutation,
  shouldDehydrateQuery,
  shouldRetryDocumentsQuery,
} from 'react-lightreach-documents';
import type { ReactNode } from 'react';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Above zero, so the browser does not refetch what the server just rendered.
      queries: { staleTime: 60_000, retry: shouldRetryDocumentsQuery },
      // Anything this app dehydrates or persists later follows the library's strict rule.
      dehydrate: { shouldDehydrateQuery, shouldDehydrateMutation },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
