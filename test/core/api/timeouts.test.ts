/**
 * Request timeouts (issue #14, point 1): every API call of the client is bounded by `requestTimeoutMs`, against the
 * emulator with a request that never gets an answer (`control.hangEndpoint`). Time is the fake clock: nothing here
 * depends on the machine's speed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  ConfigurationError,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_TIMER_MS,
  TimeoutError,
  createDocumentsClient,
  openUploadProgress,
  v1UploadRequest,
  type DocumentsClient,
  type GetAccessToken,
} from '../../../src/core';
import type { MockEndpoint } from '../../../src/mock';
import { useMock, type Api } from '../../mock/helpers';
import { startDeadline } from '../../../src/core/api/deadline';

const onePdf = { type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets pending I/O callbacks and promise jobs run (not a timer: the fake clock does not move). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

/** Whether a promise has settled, without waiting for it. */
function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const settle = () => {
    done = true;
  };
  promise.then(settle, settle);
  return { promise, settled: () => done };
}

function clientFor(
  mock: Api['mock'],
  options: { requestTimeoutMs?: number; getAccessToken?: GetAccessToken } = {},
) {
  return createDocumentsClient({
    baseUrl: mock.baseUrl,
    accountId: mock.accountId,
    getAccessToken: options.getAccessToken ?? (() => mock.token),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
  });
}

interface Case {
  endpoint: MockEndpoint;
  operation: string;
  call: (client: DocumentsClient, ids: { jobId: string; documentId: string }) => Promise<unknown>;
}

const cases: Case[] = [
  { endpoint: 'init', operation: 'initUpload', call: (c) => c.initUpload(onePdf) },
  { endpoint: 'list', operation: 'listDocuments', call: (c) => c.listDocuments() },
  { endpoint: 'job', operation: 'getJob', call: (c, ids) => c.getJob(ids.jobId) },
  { endpoint: 'get', operation: 'getDocument', call: (c, ids) => c.getDocument(ids.documentId) },
  { endpoint: 'refresh', operation: 'refreshUrls', call: (c, ids) => c.refreshUrls(ids.documentId) },
  { endpoint: 'archive', operation: 'archiveDocument', call: (c, ids) => c.archiveDocument(ids.documentId) },
  // The SSE stream is bounded up to its response headers (its body is the tracker's heartbeat watchdog's).
  { endpoint: 'sse', operation: 'uploadProgress', call: (c, ids) => openUploadProgress(c, ids.jobId) },
];

/** A fresh emulator with a seeded document and a job awaiting its bytes, and a client for it. */
function useWorld(requestTimeoutMs?: number) {
  return seedWorld(useMock(), requestTimeoutMs);
}

async function seedWorld(api: Api, requestTimeoutMs?: number) {
  const { mock } = api;
  const [doc] = await mock.seedDocuments([{ filename: 'bill.pdf', type: 'utilityBill' }]);
  const { jobId } = await api.initOk(onePdf);
  const client = clientFor(mock, requestTimeoutMs === undefined ? {} : { requestTimeoutMs });
  return { api, mock, client, ids: { jobId, documentId: doc!.id } };
}

describe('request timeouts against the emulator', () => {
  it.each(cases)(
    'a $endpoint request that never answers fails with a retryable TimeoutError at the bound, no timer left',
    async ({ endpoint, operation, call }) => {
      const { mock, client, ids } = await useWorld(5000);
      const hang = mock.control.hangEndpoint(endpoint);
      const pending = track(call(client, ids));
      await until(() => hang.held() === 1, 'the request reached the emulator');
      // One timer runs: the client's bound (the emulator holds the request without one).
      expect(vi.getTimerCount()).toBe(1);

      await vi.advanceTimersByTimeAsync(4999);
      expect(pending.settled()).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const error = await pending.promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ code: 'timeout', retryable: true, operation });
      expect((error as Error).message).toBe(`${operation} timed out after 5000 ms.`);
      expect((error as Error).message).not.toMatch(/http|lightreach|token|acc_demo/);
      // The request was aborted: the emulator no longer holds it, and the client left no timer behind.
      await until(() => hang.held() === 0, 'the held request was dropped');
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it('the default bound is 30 s', async () => {
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(30_000);
    const { mock, client } = await useWorld();
    expect(client.requestTimeoutMs).toBe(30_000);
    const hang = mock.control.hangEndpoint('list');
    const pending = track(client.listDocuments());
    await until(() => hang.held() === 1, 'the list reached the emulator');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(pending.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending.promise).rejects.toThrow('listDocuments timed out after 30000 ms.');
  });

  it('the caller’s abort still wins: AbortedError at once, and no timer left', async () => {
    const { mock, client } = await useWorld(5000);
    const hang = mock.control.hangEndpoint('init');
    const controller = new AbortController();
    const pending = client.initUpload(onePdf, { signal: controller.signal });
    await until(() => hang.held() === 1, 'the init reached the emulator');
    await vi.advanceTimersByTimeAsync(2000);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    await until(() => hang.held() === 0, 'the held init was dropped');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an answered call clears its timer, and a call slower than nothing but under the bound succeeds', async () => {
    const { mock, client } = await useWorld(5000);
    await expect(client.listDocuments()).resolves.toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);

    mock.control.latency(4000, 'list');
    const slow = client.listDocuments();
    await vi.advanceTimersByTimeAsync(4000);
    await expect(slow).resolves.toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('released in time, a held request is answered as usual', async () => {
    const { mock, client } = await useWorld(5000);
    const hang = mock.control.hangEndpoint('list');
    const pending = client.listDocuments();
    await until(() => hang.held() === 1, 'the list reached the emulator');
    await vi.advanceTimersByTimeAsync(4000);
    hang.release();
    await expect(pending).resolves.toHaveLength(1);
  });

  it('the retry after a 401 has its own bound: two slow token reads, each under it, succeed', async () => {
    const { mock } = await useWorld();
    const getAccessToken = vi.fn(
      ({ forceRefresh }: { forceRefresh: boolean }) =>
        new Promise<string>((resolve) => {
          setTimeout(() => {
            resolve(forceRefresh ? mock.token : 'token_stale');
          }, 3000);
        }),
    );
    const client = clientFor(mock, { requestTimeoutMs: 5000, getAccessToken });
    const pending = client.listDocuments();
    await vi.advanceTimersByTimeAsync(6000);
    await expect(pending).resolves.toHaveLength(1);
    expect(getAccessToken.mock.calls.map(([options]) => options.forceRefresh)).toEqual([false, true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a token refresh that never settles times the retry out, and the next 401 starts a new refresh', async () => {
    const { mock } = await useWorld();
    let refreshes = 0;
    const getAccessToken = vi.fn(({ forceRefresh }: { forceRefresh: boolean }) => {
      if (!forceRefresh) return 'token_stale';
      refreshes += 1;
      return refreshes === 1 ? new Promise<string>(() => undefined) : mock.token;
    });
    const client = clientFor(mock, { requestTimeoutMs: 5000, getAccessToken });
    const first = track(client.listDocuments());
    await until(() => refreshes === 1, 'the refresh started');
    await vi.advanceTimersByTimeAsync(4999);
    expect(first.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(first.promise).rejects.toThrow('listDocuments timed out after 5000 ms.');

    // Not stuck behind the refresh that never came back.
    await expect(client.listDocuments()).resolves.toHaveLength(1);
    expect(refreshes).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a getAccessToken that never returns times the call out before anything is sent (v1 token reads too)', async () => {
    const { mock } = await useWorld();
    const client = clientFor(mock, {
      requestTimeoutMs: 5000,
      getAccessToken: () => new Promise(() => undefined),
    });
    const list = client.listDocuments();
    const v1 = v1UploadRequest(client, {
      files: [new Blob(['x'])],
      filenames: ['a.pdf'],
      type: 'utilityBill',
    });
    const both = Promise.allSettled([list, v1]);
    await vi.advanceTimersByTimeAsync(5000);
    const [listResult, v1Result] = await both;
    expect(listResult).toMatchObject({ status: 'rejected', reason: { code: 'timeout' } });
    expect(v1Result).toMatchObject({
      status: 'rejected',
      reason: { code: 'timeout', message: 'getAccessToken timed out after 5000 ms.' },
    });
    expect(mock.db.requests.filter((r) => r.endpoint === 'list')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an SSE stream is bounded only up to its headers: its body is read past the bound', async () => {
    const api = useMock({ heartbeatMs: 2000 });
    const { jobId } = await api.initOk(onePdf);
    // A real fetch ends the body when its signal aborts (msw's mocked body does not): watch the signal itself.
    const signals: (AbortSignal | null | undefined)[] = [];
    const client = createDocumentsClient({
      baseUrl: api.mock.baseUrl,
      accountId: api.mock.accountId,
      getAccessToken: () => api.mock.token,
      requestTimeoutMs: 1000,
      fetch: (input, init) => {
        signals.push(init?.signal);
        return fetch(input, init);
      },
    });
    const response = await openUploadProgress(client, jobId);
    // Seven bounds later, the stream is still open: the replayed event and the heartbeats are all there to read.
    await vi.advanceTimersByTimeAsync(7000);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while ((text.match(/: heartbeat/g) ?? []).length < 3) {
      const chunk = await reader.read();
      expect(chunk.done).toBe(false);
      text += decoder.decode(chunk.value, { stream: true });
    }
    expect(text).toContain('"type":"awaitingUpload"');
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
    void reader.cancel();
  });
});

describe('requestTimeoutMs option', () => {
  const base = { baseUrl: 'https://api.example.test', accountId: 'acc', getAccessToken: () => 'token_x' };

  it.each([0, -1, Number.NaN, '30000' as unknown as number])('refuses %s', (requestTimeoutMs) => {
    expect(() => createDocumentsClient({ ...base, requestTimeoutMs })).toThrow(ConfigurationError);
    expect(() => createDocumentsClient({ ...base, requestTimeoutMs })).toThrow(
      'requestTimeoutMs must be a positive number of milliseconds.',
    );
  });

  it('clamps a bound longer than setTimeout can hold (Infinity included) to MAX_TIMER_MS', () => {
    expect(
      createDocumentsClient({ ...base, requestTimeoutMs: Number.POSITIVE_INFINITY }).requestTimeoutMs,
    ).toBe(MAX_TIMER_MS);
    expect(createDocumentsClient({ ...base, requestTimeoutMs: 2 ** 40 }).requestTimeoutMs).toBe(MAX_TIMER_MS);
    expect(createDocumentsClient({ ...base, requestTimeoutMs: 1500 }).requestTimeoutMs).toBe(1500);
  });
});

describe('startDeadline().race', () => {
  it('turns any rejection into an Error, even a value with no string form, before and after the deadline ends', async () => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the point: a rejection that is not an Error
    const odd = (): Promise<never> => Promise.reject(Object.create(null) as object);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const live = startDeadline('readBody', 10_000);
      await expect(live.race(odd())).rejects.toBeInstanceOf(Error);
      live.release();
      const ended = new AbortController();
      ended.abort();
      const over = startDeadline('readBody', 10_000, ended.signal);
      await expect(over.race(odd())).rejects.toMatchObject({ code: 'aborted', operation: 'readBody' });
      over.release();
      // an unhandled rejection is reported after the microtasks of this turn (setImmediate is not faked here)
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
