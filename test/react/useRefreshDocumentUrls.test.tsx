import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/core';
import { useDocument, useDocuments, useRefreshDocumentUrls } from '../../src/react';
import { setup } from './helpers';

const url = (document: Document | undefined) => document?.files[0]?.viewUrls[0]?.url;

describe('useRefreshDocumentUrls', () => {
  it('shares one request between concurrent refreshes of a document and writes it into detail and lists', async () => {
    const { mock, wrapper, count } = setup();
    const [a, b] = await mock.seedDocuments([{ filename: 'a.pdf' }, { filename: 'b.pdf' }]);
    const { result } = renderHook(
      () => ({
        list: useDocuments(),
        archived: useDocuments({ archived: true }),
        detail: useDocument(a!.id),
        refresh: useRefreshDocumentUrls(),
      }),
      { wrapper },
    );
    await waitFor(() => {
      expect(result.current.list.data).toHaveLength(2);
      expect(result.current.detail.isSuccess).toBe(true);
    });
    const before = url(result.current.detail.data);
    const untouched = result.current.list.data?.find((d) => d.id === b!.id);
    mock.control.latency(30, 'refresh');

    let results: Document[] = [];
    await act(async () => {
      results = await Promise.all([
        result.current.refresh(a!.id),
        result.current.refresh(a!.id),
        result.current.refresh(a!.id),
      ]);
    });
    expect(count('refresh')).toBe(1);
    expect(new Set(results.map(url)).size).toBe(1);
    const fresh = url(results[0]);
    expect(fresh).not.toBe(before);
    await waitFor(() => {
      expect(url(result.current.detail.data)).toBe(fresh);
      expect(url(result.current.list.data?.find((d) => d.id === a!.id))).toBe(fresh);
    });
    // Other documents keep their objects; no list was re-read.
    expect(result.current.list.data?.find((d) => d.id === b!.id)).toBe(untouched);
    expect(result.current.archived.data).toEqual([]);
    expect(count('list', 'GET')).toBe(2);

    // Once settled, a new call makes a new request.
    await act(async () => {
      await result.current.refresh(a!.id);
    });
    expect(count('refresh')).toBe(2);
  });

  it('rejects with the typed error when the refresh fails', async () => {
    const { mock, wrapper } = setup();
    const { result } = renderHook(() => useRefreshDocumentUrls(), { wrapper });
    await expect(result.current('missing')).rejects.toMatchObject({ code: 'not-found' });
    void mock;
  });
});
