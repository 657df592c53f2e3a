/**
 * Shared helpers of the React tests: a fresh emulator behind msw/node and a fresh QueryClient (retry: false) per
 * test, and a wrapper rendering `<DocumentsProvider>` against them.
 */
import { QueryClient } from '@tanstack/react-query';
import { setupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { afterAll, afterEach } from 'vitest';
import { createDocumentsApiMock, type DocumentsApiMock, type DocumentsApiMockOptions } from '../../src/mock';
import { DocumentsProvider, type DocumentsProviderCommonProps } from '../../src/react';

const server = setupServer();
let listening = false;
let current: Harness | undefined;

afterEach(() => {
  current?.queryClient.clear();
  current?.mock.dispose();
  current = undefined;
  server.resetHandlers();
});

afterAll(() => {
  server.close();
});

/** One test's world. */
export interface Harness {
  mock: DocumentsApiMock;
  queryClient: QueryClient;
  /** Renders children inside `<DocumentsProvider>` for the mock's account. */
  wrapper: (props: { children?: ReactNode }) => ReactNode;
  /** Requests the emulator saw for an endpoint, e.g. `count('refresh')`. */
  count: (endpoint: string, method?: string) => number;
}

/** A fresh emulator (short delays) and QueryClient, served by msw/node with `onUnhandledRequest: 'error'`. */
export function setup(
  options: DocumentsApiMockOptions = {},
  provider: Omit<DocumentsProviderCommonProps, 'children' | 'queryClient'> = {},
): Harness {
  if (!listening) {
    server.listen({ onUnhandledRequest: 'error' });
    listening = true;
  }
  const mock = createDocumentsApiMock({ processingDelayMs: 5, variantsDelayMs: 5, ...options });
  server.resetHandlers(...mock.handlers);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <DocumentsProvider
      baseUrl={mock.baseUrl}
      accountId={mock.accountId}
      getAccessToken={() => mock.token}
      queryClient={queryClient}
      {...provider}
    >
      {children}
    </DocumentsProvider>
  );
  const count = (endpoint: string, method?: string) =>
    mock.db.requests.filter(
      (request) => request.endpoint === endpoint && (method === undefined || request.method === method),
    ).length;
  current = { mock, queryClient, wrapper, count };
  return current;
}

/** A File with text content. */
export function textFile(name: string, content = 'hello', type = ''): File {
  return new File([content], name, { type });
}
