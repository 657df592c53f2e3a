import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Document, ViewUrlType } from '../../src/core';
import { useDocument, useDocuments, useViewUrl } from '../../src/react';
import { setup } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

function Thumb({ document, variant }: { document: Document; variant?: ViewUrlType }) {
  const { src, onError, isRefreshing, error } = useViewUrl(
    document,
    variant === undefined ? {} : { variant },
  );
  if (error !== undefined) return <p role="alert">{error.message}</p>;
  if (src === undefined) return <p>{isRefreshing ? 'refreshing' : 'loading'}</p>;
  return <img alt={document.files[0]?.originalName ?? ''} src={src} onError={onError} />;
}

function Gallery({ copies = 1, variant }: { copies?: number; variant?: ViewUrlType }) {
  const { data } = useDocuments();
  if (data === undefined) return <p>loading list</p>;
  return (
    <>
      {data.flatMap((document) =>
        Array.from({ length: copies }, (_, copy) => (
          <Thumb key={`${document.id}-${copy}`} document={document} {...(variant ? { variant } : {})} />
        )),
      )}
    </>
  );
}

describe('useViewUrl', () => {
  it('returns the signed URL of the asked-for variant, falling back to original', async () => {
    const { mock, wrapper } = setup();
    const [pdf, photo] = await mock.seedDocuments([{ filename: 'bill.pdf' }, { filename: 'roof.png' }]);
    const { result } = renderHook(
      () => ({
        pdf: useViewUrl(pdf, { variant: 'thumbnail' }),
        photo: useViewUrl(photo, { variant: 'thumbnail' }),
        none: useViewUrl(undefined),
      }),
      { wrapper },
    );
    const thumb = photo!.files[0]!.viewUrls.find((v) => v.type === 'thumbnail')!;
    expect(result.current.photo).toMatchObject({
      src: thumb.url,
      expiresAt: thumb.expiresAt,
      variant: 'thumbnail',
      isProxy: false,
      isRefreshing: false,
    });
    expect(result.current.pdf.variant).toBe('original');
    expect(result.current.pdf.src).toBe(pdf!.files[0]!.viewUrls[0]!.url);
    expect(result.current.none.src).toBeUndefined();
  });

  it('makes an image error cause exactly one refresh, and shows the new URL', async () => {
    const { mock, wrapper, count } = setup();
    await mock.seedDocuments([{ filename: 'roof.png' }]);
    render(<Gallery copies={3} variant="thumbnail" />, { wrapper });
    const images = await screen.findAllByRole<HTMLImageElement>('img');
    const before = images[0]!.src;
    mock.control.expireAllUrls();

    // Three images of the same URL fail, one of them twice.
    for (const image of [...images, images[0]!]) fireEvent.error(image);
    await waitFor(() => {
      expect(screen.getAllByRole<HTMLImageElement>('img')[0]!.src).not.toBe(before);
    });
    expect(count('refresh')).toBe(1);
    expect(count('list')).toBe(1);
    for (const image of screen.getAllByRole<HTMLImageElement>('img')) {
      expect(image.src).not.toBe(before);
      expect(image.src).toContain('/view/');
    }

    // Errors of the old URL that arrive late do not refresh again; a failing new URL does, once.
    fireEvent.error(images[1]!);
    const fresh = screen.getAllByRole('img');
    fireEvent.error(fresh[0]!);
    fireEvent.error(fresh[1]!);
    await waitFor(() => {
      expect(count('refresh')).toBe(2);
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(count('refresh')).toBe(2);
  });

  it('exposes a failed refresh as an error without retrying in a loop', async () => {
    const { mock, wrapper, count } = setup();
    await mock.seedDocuments([{ filename: 'roof.png' }]);
    mock.control.failEndpoint('refresh', { status: 500, count: 5 });
    render(<Gallery />, { wrapper });
    const image = await screen.findByRole('img');
    fireEvent.error(image);
    expect(await screen.findByRole('alert')).toHaveTextContent('refreshUrls failed with 500');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(count('refresh')).toBe(1);
  });

  it('withdraws an expired signed URL and refreshes it, also for documents not read through the hooks', async () => {
    const { mock, wrapper, count } = setup();
    const [seeded] = await mock.seedDocuments([{ filename: 'bill.pdf' }]);
    const expired: Document = {
      ...seeded!,
      files: seeded!.files.map((file) => ({
        ...file,
        viewUrls: file.viewUrls.map((viewUrl) => ({
          ...viewUrl,
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        })),
      })),
    };
    mock.control.latency(30, 'refresh');
    const seen = new Set<string | undefined>();
    const { result } = renderHook(
      () => {
        const view = useViewUrl(expired);
        seen.add(view.src);
        return view;
      },
      { wrapper },
    );
    await waitFor(() => {
      expect(result.current.src).toBeDefined();
      expect(result.current.src).not.toBe(seeded!.files[0]!.viewUrls[0]!.url);
    });
    // Withdrawn (undefined) while the refresh was in flight.
    expect(seen.has(undefined)).toBe(true);
    expect(Date.parse(result.current.expiresAt!)).toBeGreaterThan(Date.now());
    expect(count('refresh')).toBe(1);
  });

  describe('proxy URLs (sensitive documents)', () => {
    function spyObjectUrls() {
      const created: string[] = [];
      const revoked: string[] = [];
      let n = 0;
      vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
        n += 1;
        const url = `blob:http://localhost/object-${n}`;
        created.push(url);
        return url;
      });
      vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url: string) => {
        revoked.push(url);
      });
      return { created, revoked };
    }

    it('fetches with the token into a blob: URL and revokes it on unmount', async () => {
      const urls = spyObjectUrls();
      const { mock, wrapper } = setup();
      const [id] = await mock.seedDocuments([
        { filename: 'passport.pdf', type: 'governmentId', bytes: 'secret' },
      ]);
      const proxyUrl = id!.files[0]!.viewUrls[0]!;
      expect(proxyUrl.expiresAt).toBeUndefined();
      expect(proxyUrl.url.startsWith(mock.baseUrl)).toBe(true);

      const { result, unmount } = renderHook(() => useViewUrl(id), { wrapper });
      expect(result.current.isProxy).toBe(true);
      expect(result.current.src).toBeUndefined();
      await waitFor(() => {
        expect(result.current.src).toBe('blob:http://localhost/object-1');
      });
      const viewRequest = mock.db.requests.find((request) => request.endpoint === 'view');
      expect(viewRequest?.authorization).toBe(true);
      expect(urls.revoked).toEqual([]);

      unmount();
      expect(urls.created).toEqual(['blob:http://localhost/object-1']);
      expect(urls.revoked).toEqual(['blob:http://localhost/object-1']);
    });

    it('revokes the previous blob: URL when the URL changes, and never creates one after unmount', async () => {
      const urls = spyObjectUrls();
      const { mock, wrapper, count } = setup();
      const [a, b] = await mock.seedDocuments([
        { filename: 'a.pdf', type: 'governmentId' },
        { filename: 'b.pdf', type: 'governmentId' },
      ]);
      const { result, rerender, unmount } = renderHook(({ document }) => useViewUrl(document), {
        wrapper,
        initialProps: { document: a },
      });
      await waitFor(() => {
        expect(result.current.src).toBe('blob:http://localhost/object-1');
      });
      rerender({ document: b });
      await waitFor(() => {
        expect(result.current.src).toBe('blob:http://localhost/object-2');
      });
      expect(urls.revoked).toEqual(['blob:http://localhost/object-1']);

      // Back to a: its bytes are still in the cache (one fetch per URL, shared), so no new request is made.
      const fetched = count('view');
      rerender({ document: a });
      await waitFor(() => {
        expect(result.current.src).toBe('blob:http://localhost/object-3');
      });
      expect(count('view')).toBe(fetched);
      expect(urls.revoked).toEqual(['blob:http://localhost/object-1', 'blob:http://localhost/object-2']);
      unmount();
      expect(urls.revoked).toEqual(urls.created);
    });

    it('never creates a blob: URL after unmount while the fetch is in flight', async () => {
      const urls = spyObjectUrls();
      const { mock, wrapper } = setup();
      const [a] = await mock.seedDocuments([{ filename: 'a.pdf', type: 'governmentId' }]);
      mock.control.latency(50, 'view');
      const { unmount } = renderHook(() => useViewUrl(a), { wrapper });
      unmount();
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(urls.created).toEqual([]);
    });

    it('fetches a proxy URL once for every image showing it', async () => {
      const { mock, wrapper } = setup();
      const [a] = await mock.seedDocuments([{ filename: 'a.pdf', type: 'governmentId' }]);
      const { result } = renderHook(() => [useViewUrl(a), useViewUrl(a)] as const, { wrapper });
      await waitFor(() => {
        expect(result.current[0].src).toBeDefined();
        expect(result.current[1].src).toBeDefined();
      });
      expect(mock.db.requests.filter((r) => r.endpoint === 'view')).toHaveLength(1);
    });

    it('shows a proxy document read with useDocument', async () => {
      const urls = spyObjectUrls();
      const { mock, wrapper } = setup();
      const [id] = await mock.seedDocuments([{ filename: 'passport.pdf', type: 'governmentId' }]);
      function Viewer() {
        const { data } = useDocument(id!.id);
        const view = useViewUrl(data);
        return view.src === undefined ? <p>loading</p> : <img alt="passport" src={view.src} />;
      }
      const { unmount } = render(<Viewer />, { wrapper });
      expect(await screen.findByRole('img')).toHaveAttribute('src', 'blob:http://localhost/object-1');
      act(() => {
        unmount();
      });
      expect(urls.revoked).toEqual(urls.created);
    });
  });
});
