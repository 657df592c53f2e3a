import { dehydrate, QueryClientProvider, useSuspenseQuery } from '@tanstack/react-query';
import { render, renderHook, screen, waitFor } from '@testing-library/react';
import { Suspense } from 'react';
import { describe, expect, it } from 'vitest';
import { createDocumentsClient } from '../../src/core';
import {
  documentKeys,
  documentQueryOptions,
  documentsQueryOptions,
  shouldDehydrateQuery,
  useDocument,
  useDocuments,
  useDocumentsClient,
} from '../../src/react';
import { setup } from './helpers';

const names = (documents: { files: { originalName: string }[] }[] | undefined) =>
  documents?.map((document) => document.files[0]?.originalName);

describe('useDocuments', () => {
  it('lists active documents, newest first by default', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments([
      { filename: 'first.pdf' },
      { filename: 'second.pdf' },
      { filename: 'gone.pdf', archived: true },
    ]);
    const { result } = renderHook(() => useDocuments(), { wrapper });
    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });
    expect(names(result.current.data)).toEqual(['second.pdf', 'first.pdf']);
  });

  it('sorts oldest first with sort: ID_ASC', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments([{ filename: 'first.pdf' }, { filename: 'second.pdf' }]);
    const { result } = renderHook(() => useDocuments({ sort: 'ID_ASC' }), { wrapper });
    await waitFor(() => {
      expect(names(result.current.data)).toEqual(['first.pdf', 'second.pdf']);
    });
  });

  it('lists only archived documents with archived: true', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments([{ filename: 'kept.pdf' }, { filename: 'gone.pdf', archived: true }]);
    const { result } = renderHook(() => useDocuments({ archived: true }), { wrapper });
    await waitFor(() => {
      expect(names(result.current.data)).toEqual(['gone.pdf']);
    });
    expect(result.current.data?.[0]?.archived).toBe(true);
  });

  it('filters by type in the browser, sharing one request across types', async () => {
    const { mock, wrapper, count } = setup();
    await mock.seedDocuments([
      { filename: 'bill.pdf', type: 'utilityBill' },
      { filename: 'roof.jpg', type: 'roofPhoto' },
      { filename: 'permit.pdf', type: 'permit' },
    ]);
    const { result } = renderHook(
      () => ({
        bills: useDocuments({ type: 'utilityBill' }),
        photos: useDocuments({ type: ['roofPhoto', 'permit'] }),
      }),
      { wrapper },
    );
    await waitFor(() => {
      expect(names(result.current.bills.data)).toEqual(['bill.pdf']);
      expect(names(result.current.photos.data)).toEqual(['permit.pdf', 'roof.jpg']);
    });
    expect(count('list')).toBe(1);
  });

  it('does not request while enabled is false', async () => {
    const { wrapper, count } = setup();
    const { result } = renderHook(() => useDocuments({ enabled: false }), { wrapper });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result.current.fetchStatus).toBe('idle');
    expect(count('list')).toBe(0);
  });

  it('exposes a typed error when the list fails', async () => {
    const { mock, wrapper } = setup();
    mock.control.failEndpoint('list', { status: 500 });
    const { result } = renderHook(() => useDocuments(), { wrapper });
    await waitFor(() => {
      expect(result.current.isError).toBe(true);
    });
    expect(result.current.error).toMatchObject({ code: 'server', status: 500 });
  });
});

describe('useDocument', () => {
  it('reads one document', async () => {
    const { mock, wrapper } = setup();
    const [seeded] = await mock.seedDocuments([{ filename: 'one.pdf' }]);
    const { result } = renderHook(() => useDocument(seeded!.id), { wrapper });
    await waitFor(() => {
      expect(result.current.data?.id).toBe(seeded!.id);
    });
    expect(result.current.data?.files[0]?.viewUrls[0]?.type).toBe('original');
  });

  it('waits while the id is undefined', async () => {
    const { wrapper, count } = setup();
    const { result } = renderHook(() => useDocument(undefined), { wrapper });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result.current.fetchStatus).toBe('idle');
    expect(count('get')).toBe(0);
  });

  it('reports a missing document as not-found', async () => {
    const { wrapper } = setup();
    const { result } = renderHook(() => useDocument('nope'), { wrapper });
    await waitFor(() => {
      expect(result.current.error).toMatchObject({ code: 'not-found' });
    });
  });
});

describe('documentsQueryOptions', () => {
  it('prefetches with queryClient.prefetchQuery and serves useSuspenseQuery from the cache', async () => {
    const { mock, queryClient, wrapper, count } = setup();
    await mock.seedDocuments([{ filename: 'a.pdf' }, { filename: 'b.pdf' }]);
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
    });
    await queryClient.prefetchQuery(documentsQueryOptions(client, { sort: 'ID_ASC' }));
    expect(count('list')).toBe(1);

    function List() {
      const { data } = useSuspenseQuery(documentsQueryOptions(useDocumentsClient(), { sort: 'ID_ASC' }));
      return <p>{names(data)?.join(',')}</p>;
    }
    const Wrapper = wrapper;
    render(
      <Wrapper>
        <Suspense fallback={<p>loading</p>}>
          <List />
        </Suspense>
      </Wrapper>,
    );
    expect(await screen.findByText('a.pdf,b.pdf')).toBeInTheDocument();
    expect(count('list')).toBe(1);
  });

  it('keys lists and details by base URL and account', () => {
    const scope = { baseUrl: 'https://api.example.com/', accountId: 'acc_1' };
    expect(documentKeys.all(scope)).toEqual(['lightreach-documents', 'https://api.example.com', 'acc_1']);
    expect(documentKeys.list(scope)).toEqual(documentKeys.list(scope, { archived: false }));
    expect(documentKeys.list(scope, { archived: true, sort: 'ID_ASC' })).toEqual([
      ...documentKeys.lists(scope),
      { archived: true, sort: 'ID_ASC' },
    ]);
    expect(documentKeys.detail(scope, 'doc_1')).toEqual([...documentKeys.all(scope), 'detail', 'doc_1']);
    expect(documentKeys.all({ ...scope, accountId: 'acc_2' })).not.toEqual(documentKeys.all(scope));
  });

  it('marks every documents query as not persisted, and shouldDehydrateQuery leaves them out', async () => {
    const { mock, queryClient } = setup();
    const [seeded] = await mock.seedDocuments([{ filename: 'a.pdf' }]);
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
    });
    await queryClient.prefetchQuery(documentsQueryOptions(client));
    await queryClient.prefetchQuery(documentQueryOptions(client, seeded!.id));
    queryClient.setQueryData(['unrelated'], { ok: true });
    expect(documentsQueryOptions(client).meta).toEqual({ persist: false });
    expect(documentQueryOptions(client, 'x').meta).toEqual({ persist: false });

    const dehydrated = dehydrate(queryClient, { shouldDehydrateQuery });
    expect(dehydrated.queries.map((query) => query.queryKey)).toEqual([['unrelated']]);
    expect(JSON.stringify(dehydrated)).not.toContain(mock.storageUrl);
  });

  it('works with an app QueryClientProvider and no DocumentsProvider for prefetching', async () => {
    const { mock, queryClient } = setup();
    await mock.seedDocuments([{ filename: 'a.pdf' }]);
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
    });
    function List() {
      const { data } = useSuspenseQuery(documentsQueryOptions(client));
      return <p>{names(data)?.join(',')}</p>;
    }
    render(
      <QueryClientProvider client={queryClient}>
        <Suspense fallback={<p>loading</p>}>
          <List />
        </Suspense>
      </QueryClientProvider>,
    );
    expect(await screen.findByText('a.pdf')).toBeInTheDocument();
  });
});
