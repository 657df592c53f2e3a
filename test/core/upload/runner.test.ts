/**
 * The effect runner on its own: a fake client (just the members the runner uses) and a fake transport that the
 * test answers by hand. No emulator, no network. Every test checks what the runner dispatches, and that an
 * outcome of work that is no longer current under its key is dropped.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentsClient, GetAccessTokenOptions, RequestOptions } from '../../../src/core/api/client';
import {
  AbortedError,
  DocumentsError,
  ForbiddenError,
  InvalidResponseError,
  NetworkError,
  ServerError,
  UnauthorizedError,
  UnavailableError,
} from '../../../src/core/api/errors';
import type {
  Document,
  InitUploadRequest,
  InitUploadResponse,
  JobEvent,
} from '../../../src/core/api/schemas';
import { resolveRetryOptions } from '../../../src/core/upload/backoff';
import type { Effect, Outcome } from '../../../src/core/upload/events';
import { resolveTrackingOptions } from '../../../src/core/upload/jobTracker';
import { createRunner } from '../../../src/core/upload/runner';
import {
  initialState,
  type BatchState,
  type EngineConfig,
  type EngineState,
  type FileState,
  type NamedBlob,
} from '../../../src/core/upload/state';
import { createTimerSet, type TimerSet } from '../../../src/core/upload/timers';
import { createUploadPool } from '../../../src/core/upload/pool';
import type {
  Connectivity,
  TrackingOptions,
  UploadPool,
  TransportHandle,
  TransportRequest,
  UploadTransport,
} from '../../../src/core/upload/types';

const NOW = 1_700_000_000_000;
const BASE_URL = 'https://api.test';
const ACCOUNT = 'acc-1';
const V1_URL = `${BASE_URL}/api/accounts/${ACCOUNT}/documents`;

// ------------------------------------------------------------------ small tools

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise chain run (real timers only). */
const settle = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 0);
  });

/** The `i`-th element, or a failed test. */
function at<T>(list: readonly T[], i: number): T {
  const value = list[i];
  if (value === undefined) throw new Error(`expected an element at ${i} (length ${list.length})`);
  return value;
}

type TransportResponse = Awaited<TransportHandle['response']>;

const response = (status: number, body = '', headers: Record<string, string> = {}): TransportResponse => ({
  status,
  body,
  headers: { get: (name) => headers[name.toLowerCase()] ?? null },
});

// ------------------------------------------------------------------ fake transport

interface Sent {
  readonly request: TransportRequest;
  /** Times `abort()` was called on its handle. */
  aborts: number;
  resolve: (value: TransportResponse) => void;
  reject: (error: unknown) => void;
}

/** Records every transfer; the test answers each one (aborting does not settle it: the test decides). */
function fakeTransport(): { transport: UploadTransport; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    transport: {
      send(request) {
        const d = deferred<TransportResponse>();
        const entry: Sent = { request, aborts: 0, resolve: d.resolve, reject: d.reject };
        sent.push(entry);
        return {
          response: d.promise,
          abort() {
            entry.aborts += 1;
          },
        };
      },
    },
  };
}

// ------------------------------------------------------------------ fake client

interface InitCall {
  readonly request: InitUploadRequest;
  readonly signal: AbortSignal | undefined;
  readonly answer: Deferred<InitUploadResponse>;
}

interface FakeClient {
  client: DocumentsClient;
  inits: InitCall[];
  initUpload: ReturnType<
    typeof vi.fn<(r: InitUploadRequest, o?: RequestOptions) => Promise<InitUploadResponse>>
  >;
  getJob: ReturnType<typeof vi.fn<(jobId: string, o?: RequestOptions) => Promise<JobEvent>>>;
  getAccessToken: ReturnType<typeof vi.fn<(o?: Partial<GetAccessTokenOptions>) => Promise<string>>>;
  send: ReturnType<typeof vi.fn<() => Promise<Response>>>;
}

/**
 * `initUpload` waits for the test (and rejects with AbortedError when its signal aborts, as the real client does);
 * `getJob` answers with `jobs(jobId)`; `getAccessToken` hands out `stale-tok`, or `fresh-tok` when forced.
 */
function fakeClient(jobs: (jobId: string) => Promise<JobEvent> = () => Promise.resolve({ type: 'queued' })) {
  const inits: InitCall[] = [];
  const initUpload = vi.fn((request: InitUploadRequest, options?: RequestOptions) => {
    const answer = deferred<InitUploadResponse>();
    const signal = options?.signal;
    signal?.addEventListener('abort', () => {
      answer.reject(new AbortedError('initUpload was aborted.', { operation: 'initUpload' }));
    });
    inits.push({ request, signal, answer });
    return answer.promise;
  });
  const getJob = vi.fn((jobId: string, options?: RequestOptions) => {
    if (options?.signal?.aborted === true) return Promise.reject(new AbortedError());
    return jobs(jobId);
  });
  const getAccessToken = vi.fn((options?: Partial<GetAccessTokenOptions>) =>
    Promise.resolve(options?.forceRefresh === true ? 'fresh-tok' : 'stale-tok'),
  );
  const send = vi.fn(() => Promise.reject(new Error('client.send is not used by the runner in these tests')));
  const root = `${BASE_URL}/api/v2/accounts/${ACCOUNT}/documents`;
  const client = {
    baseUrl: BASE_URL,
    accountId: ACCOUNT,
    endpoints: {
      documents: root,
      document: (id: string) => `${root}/${id}`,
      refreshUrls: (id: string) => `${root}/${id}/refresh-urls`,
      job: (id: string) => `${root}/jobs/${id}`,
      uploadProgress: (id: string) => `${root}/upload-progress?jobId=${id}`,
      v1Documents: V1_URL,
    },
    initUpload,
    getJob,
    getAccessToken,
    send,
    redact: (text: string) => text.split('stale-tok').join('[redacted]'),
  } satisfies Partial<DocumentsClient> as unknown as DocumentsClient;
  return { client, inits, initUpload, getJob, getAccessToken, send } satisfies FakeClient;
}

// ------------------------------------------------------------------ state

const CONFIG: EngineConfig = {
  settings: { type: 'utilityBill', grouped: undefined, externalReference: 'ext-42' },
  concurrency: 4,
  retry: resolveRetryOptions({ baseDelayMs: 1, maxDelayMs: 5 }),
  margin: 120_000,
  rules: {},
  idPrefix: 't',
  stallMs: 30_000,
  rejectDuplicates: true,
};

/** A file body whose own type differs from the target's, to see which one the PUT sends. */
const blob = (name: string, size = 16): NamedBlob =>
  new File([new Uint8Array(size)], name, { type: 'text/plain' });

const base = (id: string) => {
  const file = blob(`${id}.pdf`);
  return {
    id,
    file,
    name: file.name,
    size: file.size,
    attempt: 1,
    failures: 0,
    reinits: 0,
    settings: CONFIG.settings,
    failingSince: undefined,
    viaV1: false,
  };
};

const targetUrl = (id: string) => `https://storage.test/uploads/${id}.pdf`;

function sendingFile(id: string): FileState {
  return {
    ...base(id),
    phase: 'sending',
    job: 'job-1',
    target: { url: targetUrl(id), contentType: 'application/pdf', expiresAt: NOW + 3_600_000 },
    loaded: 0,
    step: 'uploading',
  };
}

function v1File(id: string, batch: number): FileState {
  return { ...base(id), viaV1: true, phase: 'v1', batch, loaded: 0, step: 'uploading' };
}

function v1Batch(id: number, files: string[]): BatchState {
  return {
    id,
    files,
    settings: { ...CONFIG.settings, grouped: true },
    tries: 1,
    failingSince: undefined,
    sent: true,
    v1: true,
    sending: true,
  };
}

function stateWith(files: FileState[] = [], batches: BatchState[] = []): EngineState {
  return {
    ...initialState(),
    files: new Map(files.map((f) => [f.id, f])),
    batches: new Map(batches.map((b) => [b.id, b])),
  };
}

const doc = (id: string): Document => ({
  id,
  accountId: ACCOUNT,
  status: 'pending',
  archived: false,
  type: 'utilityBill',
  files: [
    {
      originalName: `${id}.pdf`,
      contentType: 'application/pdf',
      viewUrls: [{ url: `${BASE_URL}/view/${id}`, type: 'original' }],
    },
  ],
});

const initRequest: InitUploadRequest = {
  type: 'utilityBill',
  files: [{ filename: 'f1.pdf', size: 16, contentType: 'application/pdf' }],
};

const initResponse: InitUploadResponse = {
  jobId: 'job-1',
  status: 'awaitingUpload',
  files: [
    {
      filename: 'f1.pdf',
      stagingPath: 'staging/f1.pdf',
      uploadUrl: targetUrl('f1'),
      expiresAt: new Date(NOW + 3_600_000).toISOString(),
      contentType: 'application/pdf',
    },
  ],
};

// ------------------------------------------------------------------ the runner under test

interface Setup {
  tracking?: TrackingOptions;
  jobs?: (jobId: string) => Promise<JobEvent>;
  transport?: UploadTransport;
  pool?: UploadPool;
  connectivity?: Connectivity;
}

function setup(options: Setup = {}) {
  const fake = fakeTransport();
  const client = fakeClient(options.jobs);
  const timers: TimerSet = createTimerSet();
  const outcomes: Outcome[] = [];
  const started: Outcome[] = [];
  const transport = options.transport ?? fake.transport;
  const runner = createRunner({
    client: client.client,
    transport: () => transport,
    timers,
    tracking: resolveTrackingOptions({
      mode: 'poll',
      pollIntervalMs: 10,
      timeoutMs: 60_000,
      variantsTimeoutMs: 1_000,
      ...options.tracking,
    }),
    retry: CONFIG.retry,
    config: () => CONFIG,
    pool: options.pool ?? createUploadPool({ concurrency: 100 }),
    connectivity: options.connectivity ?? { isOnline: () => true, subscribe: () => () => undefined },
    now: () => NOW,
    dispatch: (outcome) => {
      // Slot grants are tested on their own (the pool); the other tests read what the work answered.
      if (outcome.type === 'putStarted' || outcome.type === 'v1Started') started.push(outcome);
      else outcomes.push(outcome);
    },
  });
  return { runner, timers, outcomes, started, sent: fake.sent, ...client };
}

const put = (id: string): Effect => ({ type: 'put', key: `f:${id}`, id });
const abort = (key: string): Effect => ({ type: 'abort', key });

afterEach(() => {
  vi.useRealTimers();
});

// ------------------------------------------------------------------ put

describe('runner: put', () => {
  it('sends a PUT to the target with exactly its Content-Type and no Authorization header', () => {
    const t = setup();
    const state = stateWith([sendingFile('f1')]);
    t.runner.run(put('f1'), state);

    expect(t.sent).toHaveLength(1);
    const { request } = at(t.sent, 0);
    expect(request.method).toBe('PUT');
    expect(request.url).toBe(targetUrl('f1'));
    expect(request.headers).toEqual({ 'Content-Type': 'application/pdf' });
    expect(Object.keys(request.headers).map((k) => k.toLowerCase())).not.toContain('authorization');
    expect(request.body).toBe(state.files.get('f1')?.file);
    expect(t.runner.keys).toEqual(['f:f1']);
    expect(t.getAccessToken).not.toHaveBeenCalled();
  });

  it('reports transfer progress as putProgress', () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    at(t.sent, 0).request.onProgress(4, 16);
    at(t.sent, 0).request.onProgress(16, 16);
    expect(t.outcomes).toEqual([
      { type: 'putProgress', id: 'f1', loaded: 4 },
      { type: 'putProgress', id: 'f1', loaded: 16 },
    ]);
  });

  it('answers putOk on a 2xx and lets the key go', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    at(t.sent, 0).resolve(response(200));
    await settle();
    expect(t.outcomes).toEqual([{ type: 'putOk', id: 'f1' }]);
    expect(t.runner.keys).toEqual([]);
  });

  it('answers putFailed with ForbiddenError reason expired on a storage 403 saying the URL expired', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    at(t.sent, 0).resolve(
      response(
        403,
        '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
        { 'content-type': 'application/xml' },
      ),
    );
    await settle();
    expect(t.outcomes).toHaveLength(1);
    const outcome = at(t.outcomes, 0);
    expect(outcome).toMatchObject({ type: 'putFailed', id: 'f1' });
    expect(outcome).not.toHaveProperty('fatal', true);
    const error = outcome.type === 'putFailed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, reason: 'expired' });
    expect(t.runner.keys).toEqual([]);
  });

  it('answers putFailed with a storage 403 about the signature as reason content-type', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    at(t.sent, 0).resolve(response(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>'));
    await settle();
    const outcome = at(t.outcomes, 0);
    expect(outcome.type === 'putFailed' ? outcome.error : undefined).toMatchObject({
      reason: 'content-type',
    });
  });

  it('answers putFailed with a retryable ServerError on a 5xx', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    at(t.sent, 0).resolve(response(500, 'boom'));
    await settle();
    expect(t.outcomes).toHaveLength(1);
    const outcome = at(t.outcomes, 0);
    expect(outcome).toMatchObject({ type: 'putFailed', id: 'f1' });
    const error = outcome.type === 'putFailed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, retryable: true });
  });

  it('reads a 503’s Retry-After date against the runner’s clock', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    at(t.sent, 0).resolve(response(503, '', { 'retry-after': new Date(NOW + 30_000).toUTCString() }));
    await settle();
    const outcome = at(t.outcomes, 0);
    const error = outcome.type === 'putFailed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 30_000 });
  });

  it('answers putFailed with the transport’s error when the transfer rejects', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    const network = new NetworkError('PUT upload failed: the network request did not complete.');
    at(t.sent, 0).reject(network);
    await settle();
    expect(t.outcomes).toEqual([{ type: 'putFailed', id: 'f1', error: network }]);
    expect(t.runner.keys).toEqual([]);
  });

  it('wraps a non-typed transport rejection as a retryable DocumentsError', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    const cause = new TypeError('socket hang up');
    at(t.sent, 0).reject(cause);
    await settle();
    const outcome = at(t.outcomes, 0);
    expect(outcome).toMatchObject({ type: 'putFailed', id: 'f1' });
    expect(outcome).not.toHaveProperty('fatal', true);
    const error = outcome.type === 'putFailed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(DocumentsError);
    expect(error).toMatchObject({ retryable: true, cause });
  });

  it('answers putFailed fatal when the transport throws synchronously', () => {
    const cause = new Error('no XMLHttpRequest here');
    const t = setup({
      transport: {
        send() {
          throw cause;
        },
      },
    });
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    expect(t.outcomes).toHaveLength(1);
    const outcome = at(t.outcomes, 0);
    expect(outcome).toMatchObject({ type: 'putFailed', id: 'f1', fatal: true });
    expect(outcome.type === 'putFailed' ? outcome.error : undefined).toBeInstanceOf(DocumentsError);
    expect(t.runner.keys).toEqual([]);
  });

  it('sends nothing for a file that is not sending, and keeps no key', () => {
    const t = setup();
    const queued: FileState = { ...base('f1'), phase: 'stored', job: 'job-1' };
    t.runner.run(put('f1'), stateWith([queued]));
    t.runner.run(put('f2'), stateWith());
    expect(t.sent).toHaveLength(0);
    expect(t.outcomes).toEqual([]);
    expect(t.runner.keys).toEqual([]);
  });
});

// ------------------------------------------------------------------ staleness

describe('runner: keys and staleness', () => {
  it('drops a late outcome after abort (the transfer is aborted, its later answer dispatches nothing)', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    t.runner.run(abort('f:f1'), stateWith([sendingFile('f1')]));
    expect(at(t.sent, 0).aborts).toBe(1);
    expect(t.runner.keys).toEqual([]);

    at(t.sent, 0).request.onProgress(8, 16);
    at(t.sent, 0).resolve(response(200));
    await settle();
    expect(t.outcomes).toEqual([]);
  });

  it('drops a late rejection after abort too', async () => {
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    t.runner.run(abort('f:f1'), stateWith());
    at(t.sent, 0).reject(new AbortedError());
    await settle();
    expect(t.outcomes).toEqual([]);
  });

  it('ignores an abort of a key with no work', () => {
    const t = setup();
    t.runner.run(abort('f:nothing'), stateWith());
    expect(t.runner.keys).toEqual([]);
    expect(t.outcomes).toEqual([]);
  });

  it('restarting the same key aborts the old work and dispatches only the new one’s outcomes', async () => {
    const t = setup();
    const state = stateWith([sendingFile('f1')]);
    t.runner.run(put('f1'), state);
    t.runner.run(put('f1'), state);
    expect(t.sent).toHaveLength(2);
    const [first, second] = [at(t.sent, 0), at(t.sent, 1)];
    expect(first.aborts).toBe(1);
    expect(second.aborts).toBe(0);
    expect(t.runner.keys).toEqual(['f:f1']);

    first.request.onProgress(16, 16);
    first.resolve(response(200));
    await settle();
    expect(t.outcomes).toEqual([]);
    expect(t.runner.keys).toEqual(['f:f1']);

    second.request.onProgress(5, 16);
    second.resolve(response(500));
    await settle();
    expect(t.outcomes.map((o) => o.type)).toEqual(['putProgress', 'putFailed']);
    expect(at(t.outcomes, 0)).toEqual({ type: 'putProgress', id: 'f1', loaded: 5 });
    expect(t.runner.keys).toEqual([]);
  });

  it('a different effect under the same key replaces the old one (a wait stops a running PUT)', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    t.runner.run(
      { type: 'wait', key: 'f:f1', ms: 50, then: { type: 'retryDue', id: 'f1' } },
      stateWith([sendingFile('f1')]),
    );
    expect(at(t.sent, 0).aborts).toBe(1);
    at(t.sent, 0).resolve(response(200));
    await vi.advanceTimersByTimeAsync(50);
    expect(t.outcomes).toEqual([{ type: 'retryDue', id: 'f1' }]);
  });

  it('work under other keys is untouched by a restart or an abort', async () => {
    const t = setup();
    const state = stateWith([sendingFile('f1'), sendingFile('f2')]);
    t.runner.run(put('f1'), state);
    t.runner.run(put('f2'), state);
    t.runner.run(abort('f:f1'), state);
    expect(at(t.sent, 1).aborts).toBe(0);
    expect(t.runner.keys).toEqual(['f:f2']);
    at(t.sent, 1).resolve(response(201));
    await settle();
    expect(t.outcomes).toEqual([{ type: 'putOk', id: 'f2' }]);
  });
});

// ------------------------------------------------------------------ wait

describe('runner: wait', () => {
  it('dispatches its then outcome after ms', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.runner.run({ type: 'wait', key: 'b:3', ms: 500, then: { type: 'batchDue', batch: 3 } }, stateWith());
    expect(t.timers.size).toBe(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(t.outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.outcomes).toEqual([{ type: 'batchDue', batch: 3 }]);
    expect(t.runner.keys).toEqual([]);
    expect(t.timers.size).toBe(0);
  });

  it('an abort before ms prevents it and clears the timer', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.runner.run({ type: 'wait', key: 'f:1', ms: 500, then: { type: 'retryDue', id: '1' } }, stateWith());
    await vi.advanceTimersByTimeAsync(200);
    t.runner.run(abort('f:1'), stateWith());
    expect(t.timers.size).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.outcomes).toEqual([]);
    expect(t.runner.keys).toEqual([]);
  });
});

// ------------------------------------------------------------------ init

describe('runner: init', () => {
  const init: Effect = { type: 'init', key: 'b:1', batch: 1, request: initRequest };

  it('calls client.initUpload with the request and an AbortSignal', () => {
    const t = setup();
    t.runner.run(init, stateWith());
    expect(t.initUpload).toHaveBeenCalledTimes(1);
    const call = at(t.inits, 0);
    expect(call.request).toBe(initRequest);
    expect(call.signal).toBeInstanceOf(AbortSignal);
    expect(call.signal?.aborted).toBe(false);
    expect(t.runner.keys).toEqual(['b:1']);
  });

  it('answers initOk with the response', async () => {
    const t = setup();
    t.runner.run(init, stateWith());
    at(t.inits, 0).answer.resolve(initResponse);
    await settle();
    expect(t.outcomes).toEqual([{ type: 'initOk', batch: 1, response: initResponse }]);
    expect(t.runner.keys).toEqual([]);
  });

  it('answers initFailed with the error on a rejection', async () => {
    const t = setup();
    t.runner.run(init, stateWith());
    const error = new ServerError('initUpload failed with 500', { status: 500, operation: 'initUpload' });
    at(t.inits, 0).answer.reject(error);
    await settle();
    expect(t.outcomes).toEqual([{ type: 'initFailed', batch: 1, error }]);
    expect(t.runner.keys).toEqual([]);
  });

  it('abort aborts the signal and dispatches nothing', async () => {
    const t = setup();
    t.runner.run(init, stateWith());
    const call = at(t.inits, 0);
    t.runner.run(abort('b:1'), stateWith());
    expect(call.signal?.aborted).toBe(true);
    await settle();
    // A late answer after the abort is dropped as well.
    call.answer.resolve(initResponse);
    await settle();
    expect(t.outcomes).toEqual([]);
    expect(t.runner.keys).toEqual([]);
  });
});

// ------------------------------------------------------------------ v1

describe('runner: v1', () => {
  const v1: Effect = { type: 'v1', key: 'b:7', batch: 7 };
  const v1State = () =>
    stateWith([v1File('a', 7), v1File('b', 7), sendingFile('other')], [v1Batch(7, ['a', 'b'])]);

  /** Waits until the transport has seen `count` requests. */
  const sentCount = async (t: ReturnType<typeof setup>, count: number) => {
    await vi.waitFor(
      () => {
        expect(t.sent).toHaveLength(count);
      },
      { interval: 1 },
    );
  };

  it('POSTs the batch’s files as multipart to the v1 endpoint with the bearer token', async () => {
    const t = setup();
    const state = v1State();
    t.runner.run(v1, state);
    await sentCount(t, 1);

    expect(t.getAccessToken).toHaveBeenCalledTimes(1);
    expect(t.getAccessToken).toHaveBeenCalledWith({ forceRefresh: false });
    const { request } = at(t.sent, 0);
    expect(request.method).toBe('POST');
    expect(request.url).toBe(V1_URL);
    expect(request.headers).toMatchObject({ authorization: 'Bearer stale-tok' });
    expect(request.body).toBeInstanceOf(FormData);
    const form = request.body as FormData;
    expect(form.get('type')).toBe('utilityBill');
    expect(form.get('grouped')).toBe('true');
    expect(form.get('externalReference')).toBe('ext-42');
    const first = form.get('files[0]');
    const second = form.get('files[1]');
    expect(first).toBeInstanceOf(Blob);
    expect(second).toBeInstanceOf(Blob);
    expect((first as File).name).toBe('a.pdf');
    expect((second as File).name).toBe('b.pdf');
    expect(form.get('files[2]')).toBeNull();
    expect(t.runner.keys).toEqual(['b:7']);
  });

  it('spreads progress as v1Progress and answers v1Ok with the parsed documents', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    await sentCount(t, 1);
    const sent = at(t.sent, 0);
    sent.request.onProgress(10, 40);
    sent.request.onProgress(40, 40);
    sent.resolve(
      response(201, JSON.stringify([doc('d1'), doc('d2')]), { 'content-type': 'application/json' }),
    );
    await settle();
    expect(t.outcomes).toEqual([
      { type: 'v1Progress', batch: 7, loaded: 10, total: 40 },
      { type: 'v1Progress', batch: 7, loaded: 40, total: 40 },
      { type: 'v1Ok', batch: 7, documents: [doc('d1'), doc('d2')] },
    ]);
    expect(t.runner.keys).toEqual([]);
  });

  it('answers v1Ok with one document when v1 returns a single object', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    await sentCount(t, 1);
    at(t.sent, 0).resolve(response(200, JSON.stringify(doc('d1'))));
    await settle();
    expect(t.outcomes).toEqual([{ type: 'v1Ok', batch: 7, documents: [doc('d1')] }]);
  });

  it('retries once with forceRefresh after a 401', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    await sentCount(t, 1);
    at(t.sent, 0).resolve(response(401, '{"message":"token expired"}'));
    await sentCount(t, 2);

    expect(t.getAccessToken).toHaveBeenCalledTimes(2);
    expect(t.getAccessToken).toHaveBeenLastCalledWith({ forceRefresh: true });
    expect(at(t.sent, 1).request.headers).toMatchObject({ authorization: 'Bearer fresh-tok' });
    expect(at(t.sent, 1).request.body).toBeInstanceOf(FormData);
    expect(t.outcomes).toEqual([]);

    at(t.sent, 1).resolve(response(201, JSON.stringify([doc('d1')])));
    await settle();
    expect(t.outcomes).toEqual([{ type: 'v1Ok', batch: 7, documents: [doc('d1')] }]);
  });

  it('gives up with v1Failed UnauthorizedError after a second 401', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    await sentCount(t, 1);
    at(t.sent, 0).resolve(response(401));
    await sentCount(t, 2);
    at(t.sent, 1).resolve(response(401));
    await settle();
    expect(t.sent).toHaveLength(2);
    expect(t.outcomes).toHaveLength(1);
    const outcome = at(t.outcomes, 0);
    expect(outcome).toMatchObject({ type: 'v1Failed', batch: 7 });
    expect(outcome.type === 'v1Failed' ? outcome.error : undefined).toBeInstanceOf(UnauthorizedError);
  });

  it('answers v1Failed with the typed error on an error status', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    await sentCount(t, 1);
    at(t.sent, 0).resolve(response(500, '{"message":"v1 is down"}'));
    await settle();
    expect(t.outcomes).toHaveLength(1);
    const outcome = at(t.outcomes, 0);
    expect(outcome).toMatchObject({ type: 'v1Failed', batch: 7 });
    const error = outcome.type === 'v1Failed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500 });
    expect(t.runner.keys).toEqual([]);
  });

  it('answers v1Failed with InvalidResponseError when a 2xx body is not documents', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    await sentCount(t, 1);
    at(t.sent, 0).resolve(response(201, '{"ok":true}'));
    await settle();
    const outcome = at(t.outcomes, 0);
    expect(outcome).toMatchObject({ type: 'v1Failed', batch: 7 });
    expect(outcome.type === 'v1Failed' ? outcome.error : undefined).toBeInstanceOf(InvalidResponseError);
  });

  it('answers v1Failed when the transfer rejects', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    await sentCount(t, 1);
    const network = new NetworkError('uploadV1 failed');
    at(t.sent, 0).reject(network);
    await settle();
    expect(t.outcomes).toEqual([{ type: 'v1Failed', batch: 7, error: network }]);
  });

  it('an abort while the token is read sends nothing and dispatches nothing', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    t.runner.run(abort('b:7'), v1State());
    await settle();
    expect(t.sent).toHaveLength(0);
    expect(t.outcomes).toEqual([]);
    expect(t.runner.keys).toEqual([]);
  });

  it('an abort during the transfer aborts it and drops its answer', async () => {
    const t = setup();
    t.runner.run(v1, v1State());
    await sentCount(t, 1);
    t.runner.run(abort('b:7'), v1State());
    expect(at(t.sent, 0).aborts).toBe(1);
    at(t.sent, 0).request.onProgress(1, 2);
    at(t.sent, 0).resolve(response(201, JSON.stringify([doc('d1')])));
    await settle();
    expect(t.outcomes).toEqual([]);
  });
});

// ------------------------------------------------------------------ track

describe('runner: track', () => {
  const track: Effect = { type: 'track', key: 'j:job-1', job: 'job-1' };

  it('reports each job event as jobEvent, then trackingEnded', async () => {
    vi.useFakeTimers();
    const complete: JobEvent = { type: 'complete', jobId: 'job-1', documents: [doc('d1')] };
    const variants: JobEvent = { type: 'imageVariantsReady', jobId: 'job-1', documents: [doc('d1')] };
    const answers = [complete, variants];
    const t = setup({ jobs: () => Promise.resolve(answers.shift() ?? { type: 'queued' }) });
    t.runner.run(track, stateWith());
    await vi.advanceTimersByTimeAsync(0);
    expect(t.getJob).toHaveBeenCalledTimes(1);
    expect(t.getJob).toHaveBeenCalledWith(
      'job-1',
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    expect(t.outcomes).toEqual([{ type: 'jobEvent', job: 'job-1', event: complete }]);

    await vi.advanceTimersByTimeAsync(10);
    expect(t.getJob).toHaveBeenCalledTimes(2);
    expect(t.outcomes).toEqual([
      { type: 'jobEvent', job: 'job-1', event: complete },
      { type: 'jobEvent', job: 'job-1', event: variants },
      { type: 'trackingEnded', job: 'job-1' },
    ]);
    expect(t.runner.keys).toEqual([]);
    expect(t.timers.size).toBe(0);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.getJob).toHaveBeenCalledTimes(2);
    expect(t.send).not.toHaveBeenCalled();
  });

  it('abort stops the tracker: no further getJob calls, no outcome, no timer', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.runner.run(track, stateWith());
    await vi.advanceTimersByTimeAsync(25);
    const calls = t.getJob.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(2);
    // 'queued' is reported once: replays of a seen type are dropped.
    expect(t.outcomes).toEqual([{ type: 'jobEvent', job: 'job-1', event: { type: 'queued' } }]);

    t.runner.run(abort('j:job-1'), stateWith());
    expect(t.runner.keys).toEqual([]);
    expect(t.timers.size).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.getJob).toHaveBeenCalledTimes(calls);
    expect(t.outcomes).toHaveLength(1);
  });

  it('restarting a track key stops the old tracker and reports only the new one', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.runner.run(track, stateWith());
    await vi.advanceTimersByTimeAsync(0);
    expect(t.outcomes).toHaveLength(1);
    const oldSignal = at(t.getJob.mock.calls, 0)[1]?.signal;

    t.runner.run(track, stateWith());
    expect(oldSignal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    // The new tracker sees 'queued' as new and reports it; the old one's end (trackingEnded) is dropped.
    expect(t.outcomes).toEqual([
      { type: 'jobEvent', job: 'job-1', event: { type: 'queued' } },
      { type: 'jobEvent', job: 'job-1', event: { type: 'queued' } },
    ]);
    expect(t.runner.keys).toEqual(['j:job-1']);
    const live = t.getJob.mock.calls.filter(([, o]) => o?.signal?.aborted === false);
    expect(live).toHaveLength(1);
    t.runner.stopAll();
    expect(t.timers.size).toBe(0);
  });

  it('answers trackingFailed when polling fails for good', async () => {
    vi.useFakeTimers();
    const gone = new DocumentsError('not-found', 'getJob failed with 404', { status: 404, retryable: false });
    const t = setup({ jobs: () => Promise.reject(gone) });
    t.runner.run(track, stateWith());
    await vi.advanceTimersByTimeAsync(0);
    expect(t.outcomes).toEqual([{ type: 'trackingFailed', job: 'job-1', error: gone }]);
    await vi.advanceTimersByTimeAsync(100);
    // The tracker's own end is not reported a second time.
    expect(t.outcomes).toHaveLength(1);
    expect(t.runner.keys).toEqual([]);
    expect(t.timers.size).toBe(0);
  });
});

// ------------------------------------------------------------------ stopAll

describe('runner: stopAll', () => {
  it('stops everything: no outcome afterwards, no key, no timer left', async () => {
    vi.useFakeTimers();
    const t = setup();
    const state = stateWith([sendingFile('f1'), v1File('a', 7)], [v1Batch(7, ['a'])]);
    t.runner.run(put('f1'), state);
    t.runner.run({ type: 'wait', key: 'f:f2', ms: 100, then: { type: 'retryDue', id: 'f2' } }, state);
    t.runner.run({ type: 'init', key: 'b:1', batch: 1, request: initRequest }, state);
    t.runner.run({ type: 'v1', key: 'b:7', batch: 7 }, state);
    t.runner.run({ type: 'track', key: 'j:job-1', job: 'job-1' }, state);
    await vi.advanceTimersByTimeAsync(0);
    expect([...t.runner.keys].sort()).toEqual(['b:1', 'b:7', 'f:f1', 'f:f2', 'j:job-1']);
    expect(t.sent).toHaveLength(2);
    expect(t.timers.size).toBeGreaterThan(0);
    const outcomesBefore = t.outcomes.length;
    const getJobCalls = t.getJob.mock.calls.length;

    t.runner.stopAll();
    expect(t.runner.keys).toEqual([]);
    expect(t.timers.size).toBe(0);
    expect(t.sent.map((s) => s.aborts)).toEqual([1, 1]);
    expect(at(t.inits, 0).signal?.aborted).toBe(true);

    // Everything answers late: nothing is dispatched.
    for (const s of t.sent) {
      s.request.onProgress(1, 1);
      s.resolve(response(200, JSON.stringify([doc('d1')])));
    }
    at(t.inits, 0).answer.resolve(initResponse);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.outcomes).toHaveLength(outcomesBefore);
    expect(t.getJob).toHaveBeenCalledTimes(getJobCalls);
    expect(t.timers.size).toBe(0);
  });
});

describe('runner: the pool, connectivity and foreign events', () => {
  it('a PUT waits for a slot of a full pool (putStarted only when given one) and gives it back when it ends', async () => {
    const pool = createUploadPool({ concurrency: 1 });
    const t = setup({ pool });
    t.runner.run(put('f1'), stateWith([sendingFile('f1'), sendingFile('f2')]));
    t.runner.run(put('f2'), stateWith([sendingFile('f1'), sendingFile('f2')]));
    expect(t.started).toEqual([{ type: 'putStarted', id: 'f1' }]);
    expect(t.sent).toHaveLength(1);
    expect([pool.active, pool.waiting]).toEqual([1, 1]);
    at(t.sent, 0).resolve({ status: 200, body: '', headers: new Headers() });
    await vi.waitFor(() => {
      expect(t.started).toEqual([
        { type: 'putStarted', id: 'f1' },
        { type: 'putStarted', id: 'f2' },
      ]);
    });
    expect(t.sent).toHaveLength(2);
    // Aborting the running one frees the slot too.
    t.runner.run(abort('f:f2'), stateWith());
    expect([pool.active, pool.waiting]).toEqual([0, 0]);
  });

  it('an abort while waiting for a slot leaves the line: nothing is sent', () => {
    const pool = createUploadPool({ concurrency: 1 });
    const t = setup({ pool });
    const state = stateWith([sendingFile('f1'), sendingFile('f2')]);
    t.runner.run(put('f1'), state);
    t.runner.run(put('f2'), state);
    t.runner.run(abort('f:f2'), stateWith());
    expect(pool.waiting).toBe(0);
    t.runner.run(abort('f:f1'), stateWith());
    expect(t.sent).toHaveLength(1);
    expect(pool.active).toBe(0);
  });

  it('marks a failure offline when the browser says so', async () => {
    const t = setup({ connectivity: { isOnline: () => false, subscribe: () => () => undefined } });
    t.runner.run(put('f1'), stateWith([sendingFile('f1')]));
    at(t.sent, 0).reject(new NetworkError('PUT upload failed: network'));
    await vi.waitFor(() => {
      expect(t.outcomes).toHaveLength(1);
    });
    expect(at(t.outcomes, 0)).toMatchObject({ type: 'putFailed', id: 'f1', offline: true });
  });

  it('a v1 upload with no progress and no answer for stallMs fails as a network error (nothing waits forever)', async () => {
    vi.useFakeTimers();
    const t = setup();
    const batch = v1Batch(7, ['a']);
    t.runner.run({ type: 'v1', key: 'b:7', batch: 7 }, stateWith([v1File('a', 7)], [batch]));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(CONFIG.stallMs);
    expect(at(t.sent, 0).aborts).toBe(1);
    const outcome = t.outcomes.find((o) => o.type === 'v1Failed');
    expect(outcome?.type === 'v1Failed' ? outcome.error : undefined).toBeInstanceOf(NetworkError);
    expect(t.timers.size).toBe(0);
  });

  it('ignores job events that name another job', async () => {
    vi.useFakeTimers();
    const other: JobEvent = { type: 'complete', jobId: 'job-2', documents: [doc('d9')] };
    const mine: JobEvent = { type: 'complete', jobId: 'job-1', documents: [doc('d1')] };
    const answers = [other, mine];
    const t = setup({ jobs: () => Promise.resolve(answers.shift() ?? { type: 'queued' }) });
    t.runner.run({ type: 'track', key: 'j:job-1', job: 'job-1' }, stateWith());
    await vi.advanceTimersByTimeAsync(25);
    const events = t.outcomes.flatMap((o) => (o.type === 'jobEvent' ? [o.event] : []));
    expect(events).toContainEqual(mine);
    expect(events).not.toContainEqual(other);
    t.runner.stopAll();
  });
});
