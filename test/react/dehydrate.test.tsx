/**
 * Nothing that holds documents is dehydrated (docs/decisions/0003, decisions 9 and 15): `shouldDehydrateQuery`
 * refuses every query under the library's key root, whatever created it (a hook, `setQueryData` after an upload or
 * a URL refresh), and `shouldDehydrateMutation` refuses the library's mutations (their variables and context hold
 * documents).
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import { dehydrate, onlineManager, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentsClient, type Document } from '../../src/core';
import {
  DOCUMENTS_QUERY_ROOT,
  documentKeys,
  refreshDocumentUrls,
  shouldDehydrateMutation,
  shouldDehydrateQuery,
  useArchiveDocument,
  useDocumentUpload,
  useDocuments,
  writeDocuments,
  type UseDocumentUploadOptions,
} from '../../src/react';
import { setup, textFile, type Harness } from './helpers';

const ENGINE: UseDocumentUploadOptions['engineOptions'] = {
  persistence: false,
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  tracking: { pollIntervalMs: 10, heartbeatMs: 1000, timeoutMs: 10_000 },
};

/** What a signed URL of the emulator (or S3, GCS) carries. */
const SIGNED = /[?&](sig|X-Amz-Signature|X-Goog-Signature|Signature)=/;

const options = { shouldDehydrateQuery, shouldDehydrateMutation };

function serialised(state: DehydratedState): string {
  return JSON.stringify(state);
}

function clientOf({ mock }: Harness) {
  return createDocumentsClient({
    baseUrl: mock.baseUrl,
    accountId: mock.accountId,
    getAccessToken: () => mock.token,
  });
}

afterEach(() => {
  onlineManager.setOnline(true);
});

describe('dehydrating a cache that holds documents', () => {
  it('leaves out the detail queries an upload wrote with setQueryData (no signed URL in the JSON)', async () => {
    const harness = setup();
    const { mock, wrapper, queryClient } = harness;
    const { result } = renderHook(
      () => ({ upload: useDocumentUpload({ type: 'utilityBill', engineOptions: ENGINE }) }),
      { wrapper },
    );
    let created: Document[] = [];
    await act(async () => {
      created = await result.current.upload.upload([textFile('bill.pdf', 'pdf bytes')]);
    });
    const [document] = created;
    const detail = queryClient.getQueryData<Document>(documentKeys.detail(mock, document!.id));
    // The precondition: the upload's completion wrote a live signed URL into a query without meta.
    expect(detail?.files[0]?.viewUrls[0]?.url).toMatch(SIGNED);
    expect(
      queryClient.getQueryCache().find({ queryKey: documentKeys.detail(mock, document!.id) })?.meta,
    ).toBeUndefined();

    queryClient.setQueryData(['app', 'settings'], { theme: 'dark' });
    const state = dehydrate(queryClient, options);
    expect(state.queries.map((query) => query.queryKey)).toEqual([['app', 'settings']]);
    expect(serialised(state)).not.toMatch(SIGNED);
    expect(serialised(state)).not.toContain(mock.storageUrl);
    expect(serialised(state)).not.toContain(document!.id);
  });

  it('leaves out what writeDocuments and refreshDocumentUrls wrote outside any hook', async () => {
    const harness = setup();
    const { mock, queryClient } = harness;
    const [a, b] = await mock.seedDocuments([{ filename: 'a.pdf' }, { filename: 'b.pdf' }]);
    const client = clientOf(harness);
    writeDocuments(queryClient, client, [a!]);
    await refreshDocumentUrls(client, queryClient, b!.id);
    expect(
      queryClient.getQueryData<Document>(documentKeys.detail(client, b!.id))?.files[0]?.viewUrls[0]?.url,
    ).toMatch(SIGNED);
    // A query an app keyed under the library's root (any account, any API) is the library's too.
    queryClient.setQueryData(
      [...documentKeys.all({ baseUrl: 'https://other.example.com', accountId: 'acc_other' }), 'mine'],
      [a],
    );
    queryClient.setQueryData([DOCUMENTS_QUERY_ROOT], a);

    const state = dehydrate(queryClient, options);
    expect(state.queries).toEqual([]);
    expect(serialised(state)).not.toMatch(SIGNED);
  });

  it('defers to TanStack for every other query (successful ones only)', async () => {
    const { queryClient } = setup();
    queryClient.setQueryData(['app', 'ok'], 1);
    // A key that merely contains the root string somewhere else is not the library's.
    queryClient.setQueryData(['app', DOCUMENTS_QUERY_ROOT], 2);
    await queryClient.prefetchQuery({
      queryKey: ['app', 'broken'],
      queryFn: () => Promise.reject(new Error('no')),
    });
    const keys = dehydrate(queryClient, options).queries.map((query) => query.queryKey);
    expect(keys).toEqual([
      ['app', 'ok'],
      ['app', DOCUMENTS_QUERY_ROOT],
    ]);
  });

  it('does not dehydrate a paused archive mutation (its variables and undo record hold documents)', async () => {
    const { mock, wrapper, queryClient } = setup();
    const [a, b] = await mock.seedDocuments([{ filename: 'a.pdf' }, { filename: 'b.pdf' }]);
    const { result } = renderHook(() => ({ list: useDocuments(), archive: useArchiveDocument() }), {
      wrapper,
    });
    await waitFor(() => {
      expect(result.current.list.data).toHaveLength(2);
    });
    onlineManager.setOnline(false);
    act(() => {
      result.current.archive.mutate(a!);
    });
    await waitFor(() => {
      expect(result.current.archive.isPaused).toBe(true);
    });
    // An app's own paused mutation still goes out, as TanStack's default would have it.
    const app = queryClient
      .getMutationCache()
      .build(queryClient, { mutationKey: ['app', 'save'], mutationFn: () => Promise.resolve(1) });
    void app.execute(undefined).catch(() => undefined);
    await waitFor(() => {
      expect(app.state.isPaused).toBe(true);
    });
    const archive = queryClient.getMutationCache().getAll()[0]!;
    // The precondition: the mutation is under the library's root and holds signed URLs.
    expect(archive.options.mutationKey?.[0]).toBe(DOCUMENTS_QUERY_ROOT);
    expect(JSON.stringify(archive.state)).toMatch(SIGNED);

    const state = dehydrate(queryClient, options);
    expect(state.mutations.map((mutation) => mutation.mutationKey)).toEqual([['app', 'save']]);
    expect(serialised(state)).not.toMatch(SIGNED);
    expect(serialised(state)).not.toContain(b!.id);
  });

  it('is what a QueryClient can take as its dehydrate defaults', () => {
    const { mock } = setup();
    const queryClient = new QueryClient({
      defaultOptions: { dehydrate: { shouldDehydrateQuery, shouldDehydrateMutation } },
    });
    queryClient.setQueryData(documentKeys.detail(mock, 'doc_1'), { url: 'https://s.example/x?sig=abc' });
    queryClient.setQueryData(['app'], 1);
    const state = dehydrate(queryClient);
    expect(state.queries.map((query) => query.queryKey)).toEqual([['app']]);
    queryClient.clear();
  });
});
