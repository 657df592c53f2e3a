/**
 * useDocumentUpload in the field: reloads mid-job, re-renders and account switches while files upload, one pool
 * for every uploader under a provider, and the confirmation before leaving mid-upload. Against the emulator.
 */
import { QueryClient } from '@tanstack/react-query';
import { act, render, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AbortedError, type UploadPersistence } from '../../src/core';
import {
  DocumentsProvider,
  useDocumentUpload,
  type DocumentsProviderCommonProps,
  type UseDocumentUploadOptions,
  type UseDocumentUploadResult,
} from '../../src/react';
import { setup, textFile, type Harness } from './helpers';

/** Fast retries and tracking. */
const FAST = {
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  tracking: { pollIntervalMs: 10, heartbeatMs: 1000, timeoutMs: 10_000 },
} satisfies UseDocumentUploadOptions['engineOptions'];

/** Bytes are on their way (the emulator holds stalled PUTs' answers, so progress may or may not show 100 %). */
const inFlight = (status: string): boolean => status === 'uploading' || status === 'finalizing';

/** A storage as the browser's sessionStorage would be, that can be copied as it is at one moment (a reload). */
function memoryStorage(entries = new Map<string, string>()): UploadPersistence & {
  entries: Map<string, string>;
  copy(): ReturnType<typeof memoryStorage>;
} {
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => {
      entries.set(key, value);
    },
    removeItem: (key) => {
      entries.delete(key);
    },
    copy: () => memoryStorage(new Map(entries)),
  };
}

/** Renders hooks under one provider for the harness's emulator; `results[name]` holds each hook's latest result. */
function renderUploaders(
  h: Harness,
  uploaders: Record<string, UseDocumentUploadOptions>,
  options: {
    queryClient?: QueryClient;
    provider?: Omit<DocumentsProviderCommonProps, 'children' | 'queryClient'>;
    accountId?: string;
    strict?: boolean;
  } = {},
) {
  const results: Record<string, UseDocumentUploadResult> = {};
  function Probe({ name, options: hookOptions }: { name: string; options: UseDocumentUploadOptions }) {
    results[name] = useDocumentUpload(hookOptions);
    return null;
  }
  const queryClient = options.queryClient ?? h.queryClient;
  const ui = (props: {
    uploaders: Record<string, UseDocumentUploadOptions>;
    accountId?: string;
  }): ReactNode => {
    const tree = (
      <DocumentsProvider
        baseUrl={h.mock.baseUrl}
        accountId={props.accountId ?? h.mock.accountId}
        getAccessToken={() => h.mock.token}
        queryClient={queryClient}
        {...options.provider}
      >
        {Object.entries(props.uploaders).map(([name, hookOptions]) => (
          <Probe key={name} name={name} options={hookOptions} />
        ))}
      </DocumentsProvider>
    );
    return options.strict === true ? <StrictMode>{tree}</StrictMode> : tree;
  };
  const rendered = render(
    ui({ uploaders, ...(options.accountId === undefined ? {} : { accountId: options.accountId }) }),
  );
  return {
    results,
    unmount: rendered.unmount,
    rerender: (next: Record<string, UseDocumentUploadOptions>, accountId?: string) => {
      rendered.rerender(ui({ uploaders: next, ...(accountId === undefined ? {} : { accountId }) }));
    },
  };
}

/**
 * Uploads `files` through a hook named `field` until every file's bytes landed and its job is processing, and
 * returns the storage as a reload would find it. Job events are held back (latency on `sse` and `job`) so that the
 * page "dies" while the job is still processing, whatever the machine's speed.
 */
async function landThenReload(
  h: Harness,
  uploaders: Record<string, { options: UseDocumentUploadOptions; files: File[] }>,
) {
  const storage = memoryStorage();
  h.mock.control.latency(60_000, 'sse');
  h.mock.control.latency(60_000, 'job');
  const before = renderUploaders(
    h,
    Object.fromEntries(
      Object.entries(uploaders).map(([name, u]) => [
        name,
        { ...u.options, engineOptions: { ...FAST, persistence: storage } },
      ]),
    ),
  );
  for (const [name, u] of Object.entries(uploaders)) {
    act(() => {
      before.results[name]!.add(u.files);
    });
  }
  await waitFor(() => {
    for (const [name, u] of Object.entries(uploaders)) {
      const items = before.results[name]!.items;
      expect(items.map((item) => item.status)).toEqual(u.files.map(() => 'processing'));
    }
  });
  const reloaded = storage.copy(); // what the browser keeps when the tab dies now
  before.unmount();
  h.mock.control.latency(0, 'sse');
  h.mock.control.latency(0, 'job');
  return reloaded;
}

describe('useDocumentUpload recovery', () => {
  it('after a reload mid-job, the same field shows its files and reports their documents', async () => {
    const h = setup();
    const storage = await landThenReload(h, {
      bills: { options: { type: 'utilityBill', name: 'bills' }, files: [textFile('bill.pdf', 'bill')] },
    });
    const onComplete = vi.fn<NonNullable<UseDocumentUploadOptions['onComplete']>>();
    const after = renderUploaders(
      h,
      {
        bills: {
          type: 'utilityBill',
          name: 'bills',
          onComplete,
          engineOptions: { ...FAST, persistence: storage },
        },
      },
      { queryClient: new QueryClient() },
    );
    await waitFor(() => {
      expect(after.results.bills!.items.map((item) => [item.name, item.status])).toEqual([
        ['bill.pdf', 'complete'],
      ]);
    });
    const [stored] = [...h.mock.db.documents.values()];
    expect(h.mock.db.documents.size).toBe(1);
    expect(after.results.bills!.documents.map((d) => d.id)).toEqual([stored!.id]);
    await waitFor(() => {
      expect(onComplete).toHaveBeenCalledTimes(1);
    });
    expect(onComplete.mock.calls[0]![0].map((d) => d.id)).toEqual([stored!.id]);
    expect(after.results.bills!.needsReselect).toEqual([]);
  });

  it('keeps two uploaders of the same type and name apart: each resumes only its own files', async () => {
    const h = setup();
    const storage = await landThenReload(h, {
      first: { options: { type: 'utilityBill', name: 'docs' }, files: [textFile('first.pdf', '1')] },
      second: { options: { type: 'utilityBill', name: 'docs' }, files: [textFile('second.pdf', '22')] },
    });
    const after = renderUploaders(
      h,
      {
        first: { type: 'utilityBill', name: 'docs', engineOptions: { ...FAST, persistence: storage } },
        second: { type: 'utilityBill', name: 'docs', engineOptions: { ...FAST, persistence: storage } },
      },
      { queryClient: new QueryClient() },
    );
    await waitFor(() => {
      expect(after.results.first!.items.map((item) => [item.name, item.status])).toEqual([
        ['first.pdf', 'complete'],
      ]);
      expect(after.results.second!.items.map((item) => [item.name, item.status])).toEqual([
        ['second.pdf', 'complete'],
      ]);
    });
    expect(h.mock.db.documents.size).toBe(2);
  });

  it('keeps two unnamed uploaders of one type apart too (by their order)', async () => {
    const h = setup();
    const storage = await landThenReload(h, {
      first: { options: { type: 'utilityBill' }, files: [textFile('first.pdf', '1')] },
      second: { options: { type: 'utilityBill' }, files: [textFile('second.pdf', '22')] },
    });
    const after = renderUploaders(
      h,
      {
        first: { type: 'utilityBill', engineOptions: { ...FAST, persistence: storage } },
        second: { type: 'utilityBill', engineOptions: { ...FAST, persistence: storage } },
      },
      { queryClient: new QueryClient() },
    );
    await waitFor(() => {
      expect(after.results.first!.items.map((item) => item.name)).toEqual(['first.pdf']);
      expect(after.results.second!.items.map((item) => item.name)).toEqual(['second.pdf']);
    });
  });

  it('keeps the resumed files under StrictMode (mount, unmount, mount)', async () => {
    const h = setup();
    const storage = await landThenReload(h, {
      bills: { options: { type: 'utilityBill', name: 'bills' }, files: [textFile('bill.pdf', 'bill')] },
    });
    const onComplete = vi.fn();
    const onError = vi.fn();
    const after = renderUploaders(
      h,
      {
        bills: {
          type: 'utilityBill',
          name: 'bills',
          onComplete,
          onError,
          engineOptions: { ...FAST, persistence: storage },
        },
      },
      { queryClient: new QueryClient(), strict: true },
    );
    await waitFor(() => {
      expect(after.results.bills!.items.map((item) => [item.name, item.status])).toEqual([
        ['bill.pdf', 'complete'],
      ]);
    });
    await waitFor(() => {
      expect(onComplete).toHaveBeenCalledTimes(1);
    });
    expect(onError).not.toHaveBeenCalled();
  });

  it('returns the files whose bytes had not landed as needsReselect, until dismissed', async () => {
    const h = setup();
    const storage = memoryStorage();
    h.mock.control.stallPuts();
    const before = renderUploaders(h, {
      bills: { type: 'utilityBill', name: 'bills', engineOptions: { ...FAST, persistence: storage } },
    });
    act(() => {
      before.results.bills!.add([textFile('half.pdf', 'half')]);
    });
    await waitFor(() => {
      expect(h.count('put')).toBe(1);
    });
    const reloaded = storage.copy();
    before.unmount();
    h.mock.control.reset();

    const after = renderUploaders(
      h,
      { bills: { type: 'utilityBill', name: 'bills', engineOptions: { ...FAST, persistence: reloaded } } },
      { queryClient: new QueryClient() },
    );
    await waitFor(() => {
      expect(after.results.bills!.needsReselect).toEqual([{ name: 'half.pdf', size: 4 }]);
    });
    expect(after.results.bills!.items).toEqual([]);
    act(() => {
      after.results.bills!.dismissReselect();
    });
    expect(after.results.bills!.needsReselect).toEqual([]);
  });
});

describe('useDocumentUpload re-renders', () => {
  it('changing every setting while files upload keeps them, and the next files use the new settings', async () => {
    const h = setup();
    const stall = h.mock.control.stallPuts();
    const first = vi.fn();
    const second = vi.fn();
    const engineOptions = { ...FAST, persistence: false as const };
    const view = renderUploaders(h, {
      field: {
        type: 'utilityBill',
        externalReference: 'ref-1',
        accept: ['pdf'],
        maxFiles: 10,
        maxSize: 1000,
        concurrency: 4,
        onComplete: first,
        engineOptions,
      },
    });
    act(() => {
      view.results.field!.add([textFile('a.pdf', 'a')]);
    });
    await waitFor(() => {
      expect(h.count('put')).toBe(1);
    });

    view.rerender({
      field: {
        type: 'permit',
        grouped: false,
        externalReference: 'ref-2',
        accept: ['png'],
        maxFiles: 2,
        maxSize: 5,
        concurrency: 1,
        rejectDuplicates: false,
        onComplete: second,
        engineOptions: { ...engineOptions },
      },
    });
    // The file in flight is still there, still uploading.
    expect(view.results.field!.items.map((item) => [item.name, inFlight(item.status)])).toEqual([
      ['a.pdf', true],
    ]);

    let outcome: ReturnType<UseDocumentUploadResult['add']> | undefined;
    act(() => {
      outcome = view.results.field!.add([
        textFile('b.png', 'b'),
        textFile('c.pdf', 'c'),
        textFile('big.png', 'x'.repeat(6)),
        textFile('d.png', 'd'),
      ]);
    });
    expect(outcome?.accepted.map((item) => item.name)).toEqual(['b.png']);
    expect(outcome?.rejected.map((item) => [item.name, item.rejection?.[0]?.code])).toEqual([
      ['c.pdf', 'invalid-extension'],
      ['big.png', 'file-too-large'],
      ['d.png', 'too-many-files'],
    ]);
    stall.release();
    await waitFor(() => {
      const statuses = view.results.field!.items.filter((item) => item.status !== 'rejected');
      expect(statuses.map((item) => [item.name, item.status])).toEqual([
        ['a.pdf', 'complete'],
        ['b.png', 'complete'],
      ]);
    });
    const jobs = [...h.mock.db.jobs.values()].map((job) => ({
      type: job.type,
      externalReference: job.externalReference,
      grouped: job.grouped,
      files: job.stagingPaths.map((path) => h.mock.db.staged.get(path)?.filename),
    }));
    expect(jobs).toEqual([
      { type: 'utilityBill', externalReference: 'ref-1', grouped: true, files: ['a.pdf'] },
      { type: 'permit', externalReference: 'ref-2', grouped: false, files: ['b.png'] },
    ]);
    // The latest callback hears of both jobs, the first render's of none.
    await waitFor(() => {
      expect(second).toHaveBeenCalledTimes(2);
    });
    expect(first).not.toHaveBeenCalled();
  });

  it('rejects the same file added again, until rejectDuplicates is turned off in place', async () => {
    const h = setup();
    const file = textFile('a.pdf', 'a');
    const engineOptions = { ...FAST, persistence: false as const };
    const view = renderUploaders(h, { field: { type: 'utilityBill', engineOptions } });
    await act(async () => {
      await view.results.field!.upload([file]);
    });
    let outcome: ReturnType<UseDocumentUploadResult['add']> | undefined;
    act(() => {
      outcome = view.results.field!.add([file]);
    });
    expect(outcome?.rejected.map((item) => [item.name, item.rejection?.[0]?.code])).toEqual([
      ['a.pdf', 'duplicate'],
    ]);

    view.rerender({ field: { type: 'utilityBill', rejectDuplicates: false, engineOptions } });
    act(() => {
      outcome = view.results.field!.add([file]);
    });
    expect(outcome?.accepted.map((item) => item.name)).toEqual(['a.pdf']);
    await waitFor(() => {
      expect(h.mock.db.documents.size).toBe(2);
    });
  });

  it('switching account cancels the files in flight with onError, and the next files go to the new account', async () => {
    const h = setup();
    h.mock.addAccount('acc_other');
    h.mock.addToken(h.mock.token, [h.mock.accountId, 'acc_other']);
    h.mock.control.stallPuts();
    const onError = vi.fn();
    const options: UseDocumentUploadOptions = {
      type: 'utilityBill',
      onError,
      engineOptions: { ...FAST, persistence: false },
    };
    const view = renderUploaders(h, { field: options });
    act(() => {
      view.results.field!.add([textFile('a.pdf', 'a')]);
    });
    await waitFor(() => {
      expect(h.count('put')).toBe(1);
    });

    view.rerender({ field: options }, 'acc_other');
    await waitFor(() => {
      expect(onError).toHaveBeenCalledTimes(1);
    });
    const [error, item] = onError.mock.calls[0]!;
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as Error).message).toBe('The upload was canceled: the account changed.');
    expect(item).toMatchObject({ name: 'a.pdf' });
    await waitFor(() => {
      expect(view.results.field!.items).toEqual([]);
    });

    h.mock.control.reset();
    await act(async () => {
      await view.results.field!.upload([textFile('b.pdf', 'b')]);
    });
    // (a.pdf's bytes had reached storage before the switch: the server may still make its document, in acc_demo)
    const owners = [...h.mock.db.documents.values()].map((document) => [
      document.files[0]?.originalName,
      document.accountId,
    ]);
    expect(owners).toContainEqual(['b.pdf', 'acc_other']);
    expect(owners).not.toContainEqual(['a.pdf', 'acc_other']);
  });

  it('unmounting cancels the files in flight with onError', async () => {
    const h = setup();
    h.mock.control.stallPuts();
    const onError = vi.fn();
    const view = renderUploaders(h, {
      field: { type: 'utilityBill', onError, engineOptions: { ...FAST, persistence: false } },
    });
    act(() => {
      view.results.field!.add([textFile('a.pdf', 'a'), textFile('b.pdf', 'b')]);
    });
    await waitFor(() => {
      expect(h.count('put')).toBe(2);
    });
    view.unmount();
    await waitFor(() => {
      expect(onError).toHaveBeenCalledTimes(2);
    });
    expect(
      onError.mock.calls.map(([error, item]) => [(error as Error).name, (item as { name: string }).name]),
    ).toEqual([
      ['AbortedError', 'a.pdf'],
      ['AbortedError', 'b.pdf'],
    ]);
  });
});

describe('useDocumentUpload pool', () => {
  it('shares 4 transfers between every uploader under a provider', async () => {
    const h = setup();
    const stall = h.mock.control.stallPuts();
    const engineOptions = { ...FAST, persistence: false as const };
    const view = renderUploaders(h, {
      one: { type: 'utilityBill', grouped: false, engineOptions },
      two: { type: 'permit', grouped: false, engineOptions },
    });
    const files = (prefix: string) =>
      Array.from({ length: 5 }, (_, i) => textFile(`${prefix}-${i}.pdf`, prefix));
    act(() => {
      view.results.one!.add(files('one'));
      view.results.two!.add(files('two'));
    });
    await waitFor(() => {
      expect(h.count('put')).toBe(4);
    });
    // Everything that can start has: the others wait for a slot.
    await waitFor(() => {
      const waiting = [...view.results.one!.items, ...view.results.two!.items].filter(
        (item) => item.status === 'queued',
      );
      expect(waiting).toHaveLength(6);
    });
    expect(h.count('put')).toBe(4);
    stall.release();
    await waitFor(() => {
      const done = [...view.results.one!.items, ...view.results.two!.items].filter(
        (item) => item.status === 'complete',
      );
      expect(done).toHaveLength(10);
    });
  });

  it("takes the provider's uploadConcurrency, and an uploader's own concurrency lowers it", async () => {
    const h = setup();
    h.mock.control.stallPuts();
    const engineOptions = { ...FAST, persistence: false as const };
    const view = renderUploaders(
      h,
      {
        one: { type: 'utilityBill', grouped: false, concurrency: 1, engineOptions },
        two: { type: 'permit', grouped: false, engineOptions },
      },
      { provider: { uploadConcurrency: 2 } },
    );
    act(() => {
      view.results.one!.add([textFile('one-a.pdf'), textFile('one-b.pdf')]);
    });
    await waitFor(() => {
      expect(h.count('put')).toBe(1);
    });
    await waitFor(() => {
      expect(view.results.one!.items.map((item) => inFlight(item.status) || item.status)).toEqual([
        true,
        'queued',
      ]);
    });
    act(() => {
      view.results.two!.add([textFile('two-a.pdf'), textFile('two-b.pdf')]);
    });
    await waitFor(() => {
      expect(h.count('put')).toBe(2);
    });
    await waitFor(() => {
      expect(view.results.two!.items.map((item) => inFlight(item.status) || item.status)).toEqual([
        true,
        'queued',
      ]);
    });
    expect(h.count('put')).toBe(2);
  });

  it("follows jobs beyond the provider's maxEventStreams by polling, never opening more streams", async () => {
    const h = setup();
    h.mock.control.neverComplete(); // every job stays in progress, so its tracker keeps what it holds
    const engineOptions = { ...FAST, persistence: false as const };
    const view = renderUploaders(
      h,
      {
        one: { type: 'utilityBill', engineOptions },
        two: { type: 'permit', engineOptions },
        three: { type: 'roofPhoto', engineOptions },
      },
      { provider: { maxEventStreams: 1 } },
    );
    act(() => {
      view.results.one!.add([textFile('one.pdf', '1')]);
      view.results.two!.add([textFile('two.pdf', '2')]);
      view.results.three!.add([textFile('three.pdf', '3')]);
    });
    await waitFor(() => {
      const statuses = ['one', 'two', 'three'].flatMap((name) =>
        view.results[name]!.items.map((i) => i.status),
      );
      expect(statuses).toEqual(['processing', 'processing', 'processing']);
    });
    // The two jobs without a stream are polled.
    await waitFor(() => {
      const polled = new Set(h.mock.db.requests.filter((r) => r.endpoint === 'job').map((r) => r.path));
      expect(polled.size).toBeGreaterThanOrEqual(2);
    });
    expect(h.mock.openStreams()).toBeLessThanOrEqual(1);
  });
});

describe('useDocumentUpload leaving the page', () => {
  const leave = (): boolean => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  };

  it('asks to confirm leaving while bytes are in flight, and not before or after', async () => {
    const h = setup();
    const stall = h.mock.control.stallPuts();
    const view = renderUploaders(h, {
      field: { type: 'utilityBill', engineOptions: { ...FAST, persistence: false } },
    });
    expect(leave()).toBe(false);
    act(() => {
      view.results.field!.add([textFile('a.pdf', 'a')]);
    });
    await waitFor(() => {
      expect(leave()).toBe(true);
    });
    stall.release();
    await waitFor(() => {
      expect(view.results.field!.status).toBe('complete');
    });
    expect(leave()).toBe(false);
  });

  it('does not ask with confirmLeave: false', async () => {
    const h = setup();
    h.mock.control.stallPuts();
    const view = renderUploaders(h, {
      field: { type: 'utilityBill', confirmLeave: false, engineOptions: { ...FAST, persistence: false } },
    });
    act(() => {
      view.results.field!.add([textFile('a.pdf', 'a')]);
    });
    await waitFor(() => {
      expect(h.count('put')).toBe(1);
    });
    expect(leave()).toBe(false);
  });
});
