import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  NotFoundError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../../src/core';
import {
  DocumentsProvider,
  defaultLabels,
  useDocuments,
  useDocumentsClient,
  useDocumentsLabels,
  shouldRetryDocumentsQuery,
} from '../../src/react';
import { setup } from './helpers';

describe('DocumentsProvider', () => {
  it('makes hooks used outside it throw a ConfigurationError naming the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let caught: unknown;
    try {
      renderHook(() => useDocuments());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as Error).message).toContain('useDocuments must be used inside <DocumentsProvider>');
    vi.restoreAllMocks();
  });

  it('uses the QueryClient of an enclosing QueryClientProvider', () => {
    const { mock } = setup();
    const appClient = new QueryClient();
    const { result } = renderHook(() => useQueryClient(), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={appClient}>
          <DocumentsProvider
            baseUrl={mock.baseUrl}
            accountId={mock.accountId}
            getAccessToken={() => mock.token}
          >
            {children}
          </DocumentsProvider>
        </QueryClientProvider>
      ),
    });
    expect(result.current).toBe(appClient);
  });

  it('creates one QueryClient of its own when the app has none, and keeps it across renders', () => {
    const { mock } = setup();
    const { result, rerender } = renderHook(() => useQueryClient(), {
      wrapper: ({ children }) => (
        <DocumentsProvider
          baseUrl={mock.baseUrl}
          accountId={mock.accountId}
          getAccessToken={() => mock.token}
        >
          {children}
        </DocumentsProvider>
      ),
    });
    const first = result.current;
    expect(first).toBeInstanceOf(QueryClient);
    rerender();
    expect(result.current).toBe(first);
  });

  it('keeps its API client across renders with a fresh getAccessToken, and always calls the latest one', async () => {
    const { mock, queryClient } = setup();
    await mock.seedDocuments([{ filename: 'a.pdf' }]);
    const tokens: string[] = [];
    let setTick: (n: number) => void = () => undefined;
    function Probe() {
      const client = useDocumentsClient();
      const { data } = useDocuments();
      return (
        <p data-client={clientIds.get(client) ?? clientIds.set(client, clientIds.size).get(client)}>
          {data?.length ?? 'loading'}
        </p>
      );
    }
    const clientIds = new Map<unknown, number>();
    function App() {
      const [tick, set] = useState(0);
      setTick = set;
      return (
        <DocumentsProvider
          baseUrl={mock.baseUrl}
          accountId={mock.accountId}
          queryClient={queryClient}
          getAccessToken={() => {
            tokens.push(`render-${tick}`);
            return mock.token;
          }}
        >
          <Probe />
        </DocumentsProvider>
      );
    }
    render(<App />);
    await screen.findByText('1');
    expect(tokens).toEqual(['render-0']);
    act(() => {
      setTick(1);
    });
    await queryClient.invalidateQueries();
    await waitFor(() => {
      expect(tokens).toEqual(['render-0', 'render-1']);
    });
    expect(clientIds.size).toBe(1);
  });

  it('re-creates the API client when the account changes, and keys the cache by account', async () => {
    const { mock, queryClient } = setup();
    mock.addToken('token_other', [mock.accountId, 'acc_other']);
    await mock.seedDocuments([{ filename: 'mine.pdf' }]);
    await mock.seedDocuments([{ filename: 'theirs.pdf' }, { filename: 'theirs2.pdf' }], 'acc_other');
    function Names() {
      const { data } = useDocuments();
      return <p>{data?.map((d) => d.files[0]?.originalName).join(',') ?? 'loading'}</p>;
    }
    const ui = (accountId: string) => (
      <DocumentsProvider
        baseUrl={mock.baseUrl}
        accountId={accountId}
        getAccessToken={() => 'token_other'}
        queryClient={queryClient}
      >
        <Names />
      </DocumentsProvider>
    );
    const { rerender } = render(ui(mock.accountId));
    await screen.findByText('mine.pdf');
    rerender(ui('acc_other'));
    await screen.findByText('theirs2.pdf,theirs.pdf');
    expect(queryClient.getQueryCache().getAll()).toHaveLength(2);
  });

  it('bounds every API request by requestTimeoutMs: a list that never answers ends in a TimeoutError', async () => {
    const { mock, queryClient } = setup();
    mock.control.hangEndpoint('list');
    const { result } = renderHook(() => ({ list: useDocuments(), client: useDocumentsClient() }), {
      wrapper: ({ children }) => (
        <DocumentsProvider
          baseUrl={mock.baseUrl}
          accountId={mock.accountId}
          getAccessToken={() => mock.token}
          queryClient={queryClient}
          requestTimeoutMs={50}
        >
          {children}
        </DocumentsProvider>
      ),
    });
    expect(result.current.client.requestTimeoutMs).toBe(50);
    await waitFor(() => {
      expect(result.current.list.error).toBeInstanceOf(TimeoutError);
    });
    expect(result.current.list.error?.message).toBe('listDocuments timed out after 50 ms.');
  });

  it('passes label overrides down, merged over the English defaults', () => {
    const { wrapper } = setup({}, { labels: { browseButton: 'Parcourir', status: { failed: 'Échec' } } });
    const { result } = renderHook(() => useDocumentsLabels({ dropzonePrompt: 'Déposez ici' }), { wrapper });
    expect(result.current.browseButton).toBe('Parcourir');
    expect(result.current.dropzonePrompt).toBe('Déposez ici');
    expect(result.current.status.failed).toBe('Échec');
    expect(result.current.status.complete).toBe(defaultLabels.status.complete);
    expect(result.current.retry('a.pdf')).toBe('Retry a.pdf');
  });

  it('gives the English labels outside a provider', () => {
    const { result } = renderHook(() => useDocumentsLabels());
    expect(result.current).toBe(defaultLabels);
  });
});

describe('shouldRetryDocumentsQuery', () => {
  it('never retries errors that retrying cannot fix, and retries the rest up to 3 times', () => {
    expect(shouldRetryDocumentsQuery(0, new UnauthorizedError('no'))).toBe(false);
    expect(shouldRetryDocumentsQuery(0, new NotFoundError('gone'))).toBe(false);
    expect(shouldRetryDocumentsQuery(0, new ServerError('boom'))).toBe(true);
    expect(shouldRetryDocumentsQuery(3, new ServerError('boom'))).toBe(false);
    expect(shouldRetryDocumentsQuery(1, new Error('other'))).toBe(true);
  });
});
