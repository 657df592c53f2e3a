import { focusManager } from '@tanstack/react-query';
import { render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDocumentsClient, type Document } from '../../src/core';
import { documentKeys, documentsQueryOptions, useDocument, useDocuments, useViewUrl } from '../../src/react';
import { setup } from './helpers';

const MIN = 60_000;

const originalUrl = (document: Document | undefined) =>
  document?.files[0]?.viewUrls.find((viewUrl) => viewUrl.type === 'original');

/**
 * Moves the fake clock one second at a time until `done()` holds, and returns how far it moved (failing past
 * `limitMs`). A request started on the way is never left in flight across a long jump: the client bounds every
 * request (30 s by default), and a jump past that bound would time it out.
 */
async function advanceUntil(done: () => boolean, limitMs: number): Promise<number> {
  let moved = 0;
  while (!done()) {
    if (moved >= limitMs) throw new Error(`not done within ${limitMs} ms of fake time`);
    await vi.advanceTimersByTimeAsync(1000);
    moved += 1000;
  }
  return moved;
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    shouldAdvanceTime: true,
  });
});

afterEach(() => {
  focusManager.setFocused(undefined);
  vi.useRealTimers();
});

describe('view URL freshness', () => {
  it('re-lists a margin before the earliest signed URL expires, not before', async () => {
    // 60-minute URLs: the margin is 10 % (6 min), so the list is re-read 54 minutes after it was fetched.
    const { mock, wrapper, count } = setup({ viewUrlTtlMs: 60 * MIN });
    await mock.seedDocuments([{ filename: 'bill.pdf' }]);
    const { result } = renderHook(() => useDocuments(), { wrapper });
    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });
    const first = originalUrl(result.current.data?.[0]);
    expect(count('list')).toBe(1);
    expect(result.current.isStale).toBe(false);

    await vi.advanceTimersByTimeAsync(53 * MIN);
    expect(count('list')).toBe(1);
    expect(result.current.isStale).toBe(false);

    // The re-list starts within the next 1.5 minutes (at 54 min); its answer is awaited before the clock moves on.
    await advanceUntil(() => count('list') === 2, 1.5 * MIN);
    await waitFor(() => {
      expect(originalUrl(result.current.data?.[0])?.url).not.toBe(first?.url);
    });
    const second = originalUrl(result.current.data?.[0]);
    expect(Date.parse(second!.expiresAt!)).toBeGreaterThan(Date.parse(first!.expiresAt!));
    expect(count('refresh')).toBe(0);
  });

  it('refreshes a single document with refresh-urls before expiry and patches the lists holding it', async () => {
    const { mock, wrapper, count, queryClient } = setup({ viewUrlTtlMs: 20 * MIN });
    const [seeded] = await mock.seedDocuments([{ filename: 'bill.pdf' }]);
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
    });
    // A list in the cache, not observed: it holds the same document.
    await queryClient.prefetchQuery({ ...documentsQueryOptions(client), gcTime: Number.POSITIVE_INFINITY });

    const { result } = renderHook(() => useDocument(seeded!.id), { wrapper });
    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });
    const first = originalUrl(result.current.data);

    // 20-minute URLs: the margin is 2 minutes.
    await vi.advanceTimersByTimeAsync(17 * MIN);
    expect(count('refresh')).toBe(0);
    await advanceUntil(() => count('refresh') === 1, 1.5 * MIN);
    await waitFor(() => {
      expect(originalUrl(result.current.data)?.url).not.toBe(first?.url);
    });
    expect(count('get')).toBe(1);
    expect(count('list')).toBe(1);
    const list = queryClient.getQueryData<Document[]>(documentKeys.list(client));
    expect(originalUrl(list?.[0])?.url).toBe(originalUrl(result.current.data)?.url);
  });

  it('does not poll documents whose URLs never expire (proxy URLs)', async () => {
    const { mock, wrapper, count } = setup();
    await mock.seedDocuments([{ filename: 'id.pdf', type: 'governmentId' }]);
    const { result } = renderHook(() => useDocuments(), { wrapper });
    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });
    expect(originalUrl(result.current.data?.[0])?.expiresAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(120 * MIN);
    expect(count('list')).toBe(1);
    expect(result.current.isStale).toBe(false);
  });

  it('refetches on window focus once the URLs are stale, and not before', async () => {
    const { mock, wrapper, count } = setup({ viewUrlTtlMs: 60 * MIN });
    await mock.seedDocuments([{ filename: 'bill.pdf' }]);
    const { result } = renderHook(() => useDocuments(), { wrapper });
    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });
    // Read during the test so TanStack's tracked result re-renders when it changes.
    expect(result.current.isStale).toBe(false);

    focusManager.setFocused(false);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    focusManager.setFocused(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(count('list')).toBe(1);

    // Hidden while the URLs go stale: the interval skips background tabs.
    focusManager.setFocused(false);
    await vi.advanceTimersByTimeAsync(50 * MIN);
    expect(count('list')).toBe(1);
    await waitFor(() => {
      expect(result.current.isStale).toBe(true);
    });
    focusManager.setFocused(true);
    await waitFor(() => {
      expect(count('list')).toBe(2);
    });
  });

  it('withdraws images whose URLs expired in a hidden tab and shows fresh ones on focus, with one re-list', async () => {
    const { mock, wrapper, count } = setup({ viewUrlTtlMs: 20 * MIN });
    await mock.seedDocuments([{ filename: 'a.png' }, { filename: 'b.png' }, { filename: 'c.png' }]);
    function Thumb({ document }: { document: Document }) {
      const { src, onError } = useViewUrl(document, { variant: 'thumbnail' });
      return src === undefined ? <p>expired</p> : <img alt={document.id} src={src} onError={onError} />;
    }
    function Gallery() {
      const { data = [] } = useDocuments();
      return data.map((document) => <Thumb key={document.id} document={document} />);
    }
    render(<Gallery />, { wrapper });
    const before = (await screen.findAllByRole<HTMLImageElement>('img')).map((image) => image.src);
    expect(before).toHaveLength(3);

    focusManager.setFocused(false);
    await vi.advanceTimersByTimeAsync(21 * MIN);
    await waitFor(() => {
      expect(screen.queryAllByRole('img')).toHaveLength(0);
    });
    expect(count('refresh')).toBe(0);
    expect(count('list')).toBe(1);

    focusManager.setFocused(true);
    await waitFor(() => {
      expect(screen.getAllByRole('img')).toHaveLength(3);
    });
    const after = screen.getAllByRole<HTMLImageElement>('img').map((image) => image.src);
    expect(after.some((src) => before.includes(src))).toBe(false);
    expect(count('list')).toBe(2);
    expect(count('refresh')).toBe(0);
  });
});
