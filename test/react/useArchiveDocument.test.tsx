import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/core';
import { useArchiveDocument, useDocument, useDocuments } from '../../src/react';
import { setup } from './helpers';

const ids = (documents: Document[] | undefined) => documents?.map((document) => document.id);

function useScreen(detailId?: string) {
  return {
    active: useDocuments(),
    archived: useDocuments({ archived: true }),
    detail: useDocument(detailId),
    archive: useArchiveDocument(),
  };
}

describe('useArchiveDocument', () => {
  it('moves the document to the archived list at once, then confirms with the server', async () => {
    const { mock, wrapper, count } = setup();
    const [a, b, old] = await mock.seedDocuments([
      { filename: 'a.pdf' },
      { filename: 'b.pdf' },
      { filename: 'old.pdf', archived: true },
    ]);
    const { result } = renderHook(() => useScreen(a!.id), { wrapper });
    await waitFor(() => {
      expect(ids(result.current.active.data)).toEqual([b!.id, a!.id]);
      expect(ids(result.current.archived.data)).toEqual([old!.id]);
      expect(result.current.detail.data?.archived).toBe(false);
    });
    mock.control.latency(100, 'archive');

    act(() => {
      result.current.archive.mutate(a!.id);
    });
    await waitFor(() => {
      expect(ids(result.current.active.data)).toEqual([b!.id]);
    });
    // Before the server answered: in the archived list (newest first), flagged archived.
    expect(ids(result.current.archived.data)).toEqual([old!.id, a!.id]);
    expect(result.current.archived.data?.[1]?.archived).toBe(true);
    expect(result.current.detail.data?.archived).toBe(true);
    expect(result.current.archive.isPending).toBe(true);

    await waitFor(() => {
      expect(result.current.archive.isSuccess).toBe(true);
    });
    expect(count('archive')).toBe(1);
    expect(mock.db.documents.get(a!.id)?.archived).toBe(true);
    expect(ids(result.current.active.data)).toEqual([b!.id]);
    expect(ids(result.current.archived.data)).toEqual([old!.id, a!.id]);
  });

  it('puts everything back and exposes the error when the server refuses', async () => {
    const { mock, wrapper } = setup();
    const [a, b] = await mock.seedDocuments([{ filename: 'a.pdf' }, { filename: 'b.pdf' }]);
    const { result } = renderHook(() => useScreen(b!.id), { wrapper });
    await waitFor(() => {
      expect(ids(result.current.active.data)).toEqual([b!.id, a!.id]);
      expect(result.current.archived.data).toEqual([]);
      expect(result.current.detail.isSuccess).toBe(true);
    });
    mock.control.latency(50, 'archive');
    mock.control.failEndpoint('archive', { status: 500 });

    act(() => {
      result.current.archive.mutate(b!.id);
    });
    await waitFor(() => {
      expect(ids(result.current.active.data)).toEqual([a!.id]);
    });
    expect(ids(result.current.archived.data)).toEqual([b!.id]);

    await waitFor(() => {
      expect(result.current.archive.isError).toBe(true);
    });
    expect(result.current.archive.error).toMatchObject({ code: 'server', status: 500 });
    expect(ids(result.current.active.data)).toEqual([b!.id, a!.id]);
    expect(result.current.archived.data).toEqual([]);
    expect(result.current.detail.data?.archived).toBe(false);
    expect(mock.db.documents.get(b!.id)?.archived).toBe(false);
  });

  it('keeps sort order in an ascending archived list and accepts a document as the variable', async () => {
    const { mock, wrapper } = setup();
    const [first, second, third] = await mock.seedDocuments([
      { filename: '1.pdf', archived: true },
      { filename: '2.pdf' },
      { filename: '3.pdf', archived: true },
    ]);
    const { result } = renderHook(
      () => ({ archived: useDocuments({ archived: true, sort: 'ID_ASC' }), archive: useArchiveDocument() }),
      { wrapper },
    );
    await waitFor(() => {
      expect(ids(result.current.archived.data)).toEqual([first!.id, third!.id]);
    });
    mock.control.latency(50, 'archive');
    act(() => {
      result.current.archive.mutate(second!);
    });
    await waitFor(() => {
      expect(ids(result.current.archived.data)).toEqual([first!.id, second!.id, third!.id]);
    });
    await waitFor(() => {
      expect(result.current.archive.isSuccess).toBe(true);
    });
    expect(ids(result.current.archived.data)).toEqual([first!.id, second!.id, third!.id]);
  });
});
