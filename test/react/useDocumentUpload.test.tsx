import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import * as core from '../../src/core';
import type { Document, Uploader } from '../../src/core';
import {
  documentKeys,
  useDocument,
  useDocumentUpload,
  useDocuments,
  type UseDocumentUploadOptions,
} from '../../src/react';
import { setup, textFile } from './helpers';

const engines = vi.hoisted(() => ({ created: [] as { dispose: ReturnType<typeof vi.fn> }[] }));

vi.mock('../../src/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/core')>();
  return {
    ...actual,
    createUploader: vi.fn((options: core.UploaderOptions): Uploader => {
      const uploader = actual.createUploader(options);
      const dispose = vi.fn(() => {
        uploader.dispose();
      });
      engines.created.push({ dispose });
      return { ...uploader, dispose };
    }),
  };
});

/** Fast retries and tracking, no sessionStorage. */
const ENGINE: UseDocumentUploadOptions['engineOptions'] = {
  persistence: false,
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  tracking: { pollIntervalMs: 10, heartbeatMs: 1000, timeoutMs: 10_000 },
};

const ids = (documents: readonly Document[] | undefined) => documents?.map((document) => document.id);

function resetEngines() {
  engines.created.length = 0;
  vi.mocked(core.createUploader).mockClear();
}

describe('useDocumentUpload', () => {
  it('uploads, then the lists show the new documents without a manual refetch', async () => {
    resetEngines();
    const { mock, wrapper, queryClient, count } = setup();
    const [existing] = await mock.seedDocuments([{ filename: 'old.pdf', type: 'utilityBill' }]);
    const onComplete = vi.fn();
    const { result } = renderHook(
      () => ({
        list: useDocuments(),
        upload: useDocumentUpload({ type: 'utilityBill', engineOptions: ENGINE, onComplete }),
      }),
      { wrapper },
    );
    await waitFor(() => {
      expect(ids(result.current.list.data)).toEqual([existing!.id]);
    });
    expect(result.current.upload.status).toBe('idle');
    expect(result.current.upload.items).toEqual([]);

    let created: Document[] = [];
    await act(async () => {
      created = await result.current.upload.upload([textFile('bill.pdf', 'pdf bytes')]);
    });
    expect(created).toHaveLength(1);
    const [document] = created;
    await waitFor(() => {
      expect(ids(result.current.list.data)).toEqual([document!.id, existing!.id]);
    });
    expect(count('list')).toBeGreaterThanOrEqual(2);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toEqual(created);
    expect(result.current.upload.documents.map((d) => d.id)).toEqual([document!.id]);
    expect(result.current.upload.items[0]).toMatchObject({ name: 'bill.pdf', status: 'complete' });
    expect(result.current.upload.isUploading).toBe(false);
    expect(queryClient.getQueryData<Document>(documentKeys.detail(mock, document!.id))?.id).toBe(
      document!.id,
    );
    expect(core.createUploader).toHaveBeenCalledTimes(1);
  });

  it('writes the enriched documents into the cache when image variants are ready', async () => {
    resetEngines();
    const { wrapper } = setup({ variantsDelayMs: 20 });
    const onVariantsReady = vi.fn();
    const { result } = renderHook(
      () => {
        const upload = useDocumentUpload({ type: 'roofPhoto', engineOptions: ENGINE, onVariantsReady });
        const detail = useDocument(upload.documents[0]?.id);
        return { upload, detail };
      },
      { wrapper },
    );
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])], 'roof.png');
    await act(async () => {
      await result.current.upload.upload([png]);
    });
    await waitFor(() => {
      expect(onVariantsReady).toHaveBeenCalledTimes(1);
    });
    await waitFor(() => {
      const types = result.current.detail.data?.files[0]?.viewUrls.map((viewUrl) => viewUrl.type);
      expect(types).toEqual(expect.arrayContaining(['original', 'thumbnail', 'preview', 'gallery']));
    });
  });

  it('rejects files against accept, maxSize and maxFiles before any request', async () => {
    resetEngines();
    const { wrapper, count } = setup();
    const { result } = renderHook(
      () =>
        useDocumentUpload({
          type: 'utilityBill',
          accept: ['pdf'],
          maxSize: 10,
          maxFiles: 1,
          engineOptions: ENGINE,
        }),
      { wrapper },
    );
    let outcome: core.AddResult | undefined;
    act(() => {
      outcome = result.current.add([
        textFile('virus.exe'),
        textFile('huge.pdf', 'x'.repeat(11)),
        textFile('ok.pdf', 'small'),
        textFile('extra.pdf', 'small'),
      ]);
    });
    expect(outcome?.accepted.map((item) => item.name)).toEqual(['ok.pdf']);
    expect(outcome?.rejected.map((item) => [item.name, item.rejection?.[0]?.code])).toEqual([
      ['virus.exe', 'invalid-extension'],
      ['huge.pdf', 'file-too-large'],
      ['extra.pdf', 'too-many-files'],
    ]);
    await waitFor(() => {
      const statuses = Object.fromEntries(result.current.items.map((item) => [item.name, item.status]));
      expect(statuses).toEqual({
        'virus.exe': 'rejected',
        'huge.pdf': 'rejected',
        'ok.pdf': 'complete',
        'extra.pdf': 'rejected',
      });
    });
    expect(count('init')).toBe(1);

    act(() => {
      result.current.reset();
    });
    await waitFor(() => {
      expect(result.current.items).toEqual([]);
    });
  });

  it('keeps one engine and renders a bounded number of times when options are a fresh object every render', async () => {
    resetEngines();
    const { wrapper } = setup();
    let renders = 0;
    const completions: string[] = [];
    let bump: () => void = () => undefined;
    function Uploader() {
      renders += 1;
      const [tick, setTick] = useState(0);
      bump = () => {
        setTick((n) => n + 1);
      };
      // A new options object, new arrays and new callbacks on every render.
      const upload = useDocumentUpload({
        type: 'utilityBill',
        accept: ['pdf', 'png'],
        maxSize: 1_000_000,
        engineOptions: { ...ENGINE },
        onComplete: (documents) => {
          completions.push(`tick-${tick}:${documents.length}`);
        },
      });
      return (
        <>
          <p>status:{upload.status}</p>
          <button
            type="button"
            onClick={() => {
              void upload.upload([textFile('a.pdf')]).catch(() => undefined);
            }}
          >
            go
          </button>
        </>
      );
    }
    render(<Uploader />, { wrapper });
    expect(renders).toBeLessThanOrEqual(2);
    for (let i = 0; i < 5; i += 1) {
      act(() => {
        bump();
      });
    }
    const settled = renders;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(renders).toBe(settled);

    act(() => {
      screen.getByRole('button', { name: 'go' }).click();
    });
    await screen.findByText('status:complete');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterUpload = renders;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(renders).toBe(afterUpload);
    expect(renders - settled).toBeLessThan(15);
    expect(core.createUploader).toHaveBeenCalledTimes(1);
    // The latest callback ran (it closes over the latest render's tick).
    expect(completions).toEqual(['tick-5:1']);
  });

  it('keeps its engine when an upload setting changes: the list stays, the next upload uses the new setting', async () => {
    resetEngines();
    const { mock, wrapper } = setup();
    const { result, rerender } = renderHook(
      ({ type, accept }: { type: string; accept: string[] }) =>
        useDocumentUpload({ type, accept, engineOptions: ENGINE }),
      { wrapper, initialProps: { type: 'utilityBill', accept: ['pdf'] } },
    );
    await act(async () => {
      await result.current.upload([textFile('a.pdf')]);
    });
    rerender({ type: 'permit', accept: ['pdf'] });
    expect(result.current.items.map((item) => item.name)).toEqual(['a.pdf']);
    await act(async () => {
      await result.current.upload([textFile('b.pdf')]);
    });
    expect(result.current.items.map((item) => [item.name, item.status])).toEqual([
      ['a.pdf', 'complete'],
      ['b.pdf', 'complete'],
    ]);
    expect([...mock.db.documents.values()].map((d) => [d.files[0]?.originalName, d.type])).toEqual([
      ['a.pdf', 'utilityBill'],
      ['b.pdf', 'permit'],
    ]);
    expect(core.createUploader).toHaveBeenCalledTimes(1);
    expect(engines.created[0]!.dispose).not.toHaveBeenCalled();
  });

  it('is StrictMode-safe: one live engine, disposed on unmount', async () => {
    resetEngines();
    const { wrapper: Wrapper } = setup();
    const { result, unmount } = renderHook(
      () => useDocumentUpload({ type: 'utilityBill', engineOptions: ENGINE }),
      {
        wrapper: ({ children }) => (
          <StrictMode>
            <Wrapper>{children}</Wrapper>
          </StrictMode>
        ),
      },
    );
    await act(async () => {
      await result.current.upload([textFile('a.pdf')]);
    });
    expect(result.current.status).toBe('complete');
    expect(core.createUploader).toHaveBeenCalledTimes(1);
    expect(engines.created[0]!.dispose).not.toHaveBeenCalled();
    unmount();
    // one task later (a StrictMode remount in between would have kept it)
    await waitFor(() => {
      expect(engines.created[0]!.dispose).toHaveBeenCalledTimes(1);
    });
  });

  it('passes cancel, retry and remove through to the engine', async () => {
    resetEngines();
    const { mock, wrapper } = setup();
    const stall = mock.control.stallPuts();
    const onError = vi.fn();
    const { result } = renderHook(
      () => useDocumentUpload({ type: 'utilityBill', engineOptions: ENGINE, onError }),
      { wrapper },
    );
    act(() => {
      result.current.add([textFile('a.pdf'), textFile('b.pdf')]);
    });
    await waitFor(() => {
      expect(result.current.isUploading).toBe(true);
    });
    const [a, b] = result.current.items;
    act(() => {
      result.current.cancel(a!.id);
    });
    await waitFor(() => {
      expect(result.current.items[0]?.status).toBe('canceled');
    });
    act(() => {
      result.current.remove(b!.id);
    });
    await waitFor(() => {
      expect(result.current.items.map((item) => item.name)).toEqual(['a.pdf']);
    });
    stall.release();
    act(() => {
      result.current.retry(a!.id);
    });
    await waitFor(() => {
      expect(result.current.items[0]?.status).toBe('complete');
    });
  });

  it('throws a clear error outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useDocumentUpload({ type: 'utilityBill' }))).toThrow(
      'useDocumentUpload must be used inside <DocumentsProvider>',
    );
    vi.restoreAllMocks();
  });
});
