/**
 * The server-rendered hand-off (docs/decisions/0007): `shouldHandOffQuery` lets a per-request server render hand
 * its successful document lists and details to the browser, refuses everything else under the library's root, and
 * leaves other queries to the strict `shouldDehydrateQuery`. The strict rules restate TanStack's defaults (so the
 * server entry loads no React): checked here against TanStack's own.
 */
import {
  defaultShouldDehydrateMutation,
  defaultShouldDehydrateQuery,
  dehydrate,
  QueryClient,
  type Mutation,
} from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentsClient } from '../../src/core';
import {
  documentKeys,
  documentsQueryOptions,
  shouldDehydrateMutation,
  shouldDehydrateQuery,
} from '../../src/react';
import { HANDOFF_MIN_URL_LIFETIME_MS, shouldHandOffQuery } from '../../src/server';
import { makeDocument } from '../components/fixtures';

const client = createDocumentsClient({
  baseUrl: 'https://api.example.test',
  accountId: 'acc_1',
  getAccessToken: () => 'token',
});

const clients: QueryClient[] = [];
function queryClient(): QueryClient {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  clients.push(qc);
  return qc;
}
afterEach(() => {
  for (const qc of clients.splice(0)) qc.clear();
});

function withExpiry(ms: number) {
  const document = makeDocument();
  const expiresAt = new Date(Date.now() + ms).toISOString();
  return {
    ...document,
    files: document.files.map((f) => ({ ...f, viewUrls: f.viewUrls.map((u) => ({ ...u, expiresAt })) })),
  };
}

const handedOff = (qc: QueryClient) =>
  dehydrate(qc, { shouldDehydrateQuery: shouldHandOffQuery }).queries.map((q) => q.queryKey);

describe('shouldHandOffQuery', () => {
  it('hands off successful lists and details under the keys the hooks read', () => {
    const qc = queryClient();
    const list = documentKeys.list(client, { sort: 'ID_DESC' });
    const detail = documentKeys.detail(client, 'doc_1');
    qc.setQueryData(list, [makeDocument(), makeDocument()]);
    qc.setQueryData(detail, makeDocument({ id: 'doc_1' }));
    expect(handedOff(qc)).toEqual([list, detail]);
    // the strict rule refuses both
    expect(dehydrate(qc, { shouldDehydrateQuery }).queries).toEqual([]);
  });

  it('refuses reads whose signed URLs are about to expire, and keeps proxy-only reads', () => {
    const qc = queryClient();
    qc.setQueryData(documentKeys.detail(client, 'soon'), withExpiry(HANDOFF_MIN_URL_LIFETIME_MS - 1_000));
    qc.setQueryData(documentKeys.detail(client, 'expired'), withExpiry(-1_000));
    qc.setQueryData(documentKeys.detail(client, 'later'), withExpiry(HANDOFF_MIN_URL_LIFETIME_MS + 60_000));
    const proxy = makeDocument();
    qc.setQueryData(documentKeys.detail(client, 'proxy'), {
      ...proxy,
      files: proxy.files.map((f) => ({ ...f, viewUrls: f.viewUrls.map(({ url, type }) => ({ url, type })) })),
    });
    expect(handedOff(qc)).toEqual([
      documentKeys.detail(client, 'later'),
      documentKeys.detail(client, 'proxy'),
    ]);
  });

  it('refuses failed and pending reads and anything else under the root', async () => {
    const qc = queryClient();
    const failing = createDocumentsClient({
      baseUrl: 'https://api.example.test',
      accountId: 'acc_1',
      getAccessToken: () => 'token',
      fetch: () => Promise.resolve(new Response('{"message":"nope"}', { status: 500 })),
    });
    await qc.prefetchQuery(documentsQueryOptions(failing));
    expect(qc.getQueryState(documentKeys.list(client))?.status).toBe('error');
    void qc.prefetchQuery({
      queryKey: documentKeys.detail(client, 'pending'),
      queryFn: () => new Promise(() => {}),
    });
    qc.setQueryData([...documentKeys.all(client), 'view', 'doc_1'], 'blob:https://app/1');
    qc.setQueryData([...documentKeys.lists(client), { archived: false }], [{ not: 'a document' }]);
    expect(handedOff(qc)).toEqual([]);
  });

  it("leaves the app's own queries to the strict rule", () => {
    const qc = queryClient();
    qc.setQueryData(['app', 'profile'], { name: 'Ada' });
    qc.getQueryCache().build(qc, { queryKey: ['app', 'secret'], meta: { persist: false } });
    qc.setQueryData(['app', 'secret'], 'shh');
    expect(handedOff(qc)).toEqual([['app', 'profile']]);
  });
});

describe('the strict rules restate TanStack defaults for other keys', () => {
  it('queries: success only', async () => {
    const qc = queryClient();
    qc.setQueryData(['ok'], 1);
    await qc.prefetchQuery({ queryKey: ['bad'], queryFn: () => Promise.reject(new Error('x')) });
    void qc.prefetchQuery({ queryKey: ['wait'], queryFn: () => new Promise(() => {}) });
    for (const query of qc.getQueryCache().getAll()) {
      expect(shouldDehydrateQuery(query), String(query.queryKey)).toBe(defaultShouldDehydrateQuery(query));
    }
  });

  it('mutations: paused only', () => {
    const mutation = (isPaused: boolean) =>
      ({
        state: { isPaused, status: 'pending' },
        options: { mutationKey: ['app', 'save'] },
      }) as unknown as Mutation;
    for (const m of [mutation(false), mutation(true)]) {
      expect(shouldDehydrateMutation(m)).toBe(defaultShouldDehydrateMutation(m));
    }
    expect(shouldDehydrateMutation(mutation(true))).toBe(true);
  });
});
