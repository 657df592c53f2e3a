/** Shared set-up for the upload engine tests: a fresh emulator, msw server, client and uploaders per test. */
import { setupServer } from 'msw/node';
import { vi } from 'vitest';
import { createDocumentsClient, type DocumentsClient } from '../../../src/core/api/client';
import {
  DEFAULT_CONCURRENCY,
  createUploadPool,
  createUploader,
  createXhrTransport,
  type Connectivity,
  type TransportHandle,
  type TransportRequest,
  type UploadPersistence,
  type UploadSnapshot,
  type Uploader,
  type UploaderOptions,
  type UploadTransport,
} from '../../../src/core/upload';
import { resolveRetryOptions } from '../../../src/core/upload/backoff';
import type { EngineConfig, Settings } from '../../../src/core/upload/state';
import { createDocumentsApiMock } from '../../../src/mock';

type DocumentsApiMock = ReturnType<typeof createDocumentsApiMock>;
type MockOptions = NonNullable<Parameters<typeof createDocumentsApiMock>[0]>;

/** Small delays so that retries and tracking run in milliseconds. */
export const FAST: Pick<UploaderOptions, 'retry' | 'tracking'> = {
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  tracking: { pollIntervalMs: 10, heartbeatMs: 1000, timeoutMs: 10_000 },
};

export interface Harness {
  mock: DocumentsApiMock;
  server: ReturnType<typeof setupServer>;
  client: DocumentsClient;
  /** A new uploader (disposed after the test) with fast retries, no persistence and the `utilityBill` type. */
  uploader(options?: Partial<UploaderOptions>): Uploader;
  /** Requests the emulator saw for one endpoint. */
  requests(endpoint: string): DocumentsApiMock['db']['requests'];
  close(): void;
}

/** Starts an emulator and its msw server. Call `close()` in `afterEach`. */
export function startHarness(options: MockOptions = {}): Harness {
  const mock = createDocumentsApiMock({ processingDelayMs: 5, variantsDelayMs: 5, ...options });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const client = createDocumentsClient({
    baseUrl: mock.baseUrl,
    accountId: mock.accountId,
    getAccessToken: () => mock.token,
  });
  const uploaders: Uploader[] = [];
  // Each test's uploaders share one pool with the default SSE budget, so that streams a test holds never count
  // against another test's (the page-wide budget of uploaders without a pool is module state).
  const pool = createUploadPool({ concurrency: 1_000 });
  return {
    mock,
    server,
    client,
    uploader(extra = {}) {
      const uploader = createUploader({
        client,
        type: 'utilityBill',
        persistence: false,
        // The engine's default, as without a pool (a pool's size would be the default otherwise).
        concurrency: DEFAULT_CONCURRENCY,
        pool,
        ...FAST,
        ...extra,
      });
      uploaders.push(uploader);
      return uploader;
    },
    requests(endpoint) {
      return mock.db.requests.filter((r) => r.endpoint === endpoint);
    },
    close() {
      for (const uploader of uploaders) uploader.dispose();
      server.close();
      mock.dispose();
    },
  };
}

/** A PDF (or any name) of `size` zero bytes. */
export function file(name = 'bill.pdf', size = 1024, type = ''): File {
  return new File([new Uint8Array(size)], name, { type });
}

export function files(count: number, prefix = 'page', size = 256): File[] {
  return Array.from({ length: count }, (_, i) =>
    file(`${prefix}-${String(i + 1).padStart(3, '0')}.pdf`, size),
  );
}

/** Waits until `predicate(snapshot)` holds, returning that snapshot. */
export async function until(
  uploader: Uploader,
  predicate: (snapshot: UploadSnapshot) => boolean,
  timeout = 5000,
): Promise<UploadSnapshot> {
  let result: UploadSnapshot | undefined;
  await vi.waitFor(
    () => {
      const snapshot = uploader.getSnapshot();
      if (!predicate(snapshot)) {
        throw new Error(
          `condition not met; statuses: ${snapshot.items.map((i) => i.status).join(',')} jobs: ${snapshot.jobs
            .map((j) => j.status)
            .join(',')}`,
        );
      }
      result = snapshot;
    },
    { timeout, interval: 5 },
  );
  return result!;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps a transport to record concurrency, statuses and aborts. */
export function recordingTransport(inner: UploadTransport = createXhrTransport()): {
  transport: UploadTransport;
  stats: {
    sent: TransportRequest[];
    inFlight: number;
    maxInFlight: number;
    statuses: number[];
    aborted: number;
    open: number;
  };
} {
  const stats = {
    sent: [] as TransportRequest[],
    inFlight: 0,
    maxInFlight: 0,
    statuses: [] as number[],
    aborted: 0,
    open: 0,
  };
  return {
    stats,
    transport: {
      send(request) {
        stats.sent.push(request);
        stats.inFlight += 1;
        stats.open += 1;
        stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
        const handle = inner.send(request);
        let done = false;
        const finish = (): void => {
          if (done) return;
          done = true;
          stats.inFlight -= 1;
          stats.open -= 1;
        };
        const response = handle.response.then(
          (r) => {
            stats.statuses.push(r.status);
            finish();
            return r;
          },
          (error: unknown) => {
            finish();
            throw error;
          },
        );
        return {
          response,
          abort() {
            stats.aborted += 1;
            handle.abort();
          },
        } satisfies TransportHandle;
      },
    },
  };
}

/**
 * A transport that reports progress in `steps` increments (one per `stepMs`, the last one = 100 %) before handing the
 * request to the real XHR transport: multi-step progress, which msw + happy-dom cannot produce (there XHR reports
 * progress only with the response), while the bytes still reach the emulator.
 */
export function steppedTransport(
  steps: number,
  stepMs = 1,
  inner: UploadTransport = createXhrTransport(),
): UploadTransport {
  return {
    send(request) {
      let aborted = false;
      let innerHandle: TransportHandle | undefined;
      const total = request.body instanceof Blob ? request.body.size : 0;
      const response = (async () => {
        for (let step = 1; step <= steps; step += 1) {
          await sleep(stepMs);
          if (aborted) throw new Error('aborted');
          request.onProgress(Math.floor((total * step) / steps), total);
        }
        innerHandle = inner.send(request);
        return innerHandle.response;
      })();
      return {
        response,
        abort() {
          aborted = true;
          innerHandle?.abort();
        },
      };
    },
  };
}

/** A clock that tests move by hand (shared by the emulator and the uploader). */
export function manualClock(start = Date.now()): { now: () => number; advance(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}

/** An in-memory recovery store (a page's sessionStorage that survives a "reload"). */
export function memoryStorage(): UploadPersistence & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
    removeItem: (key) => {
      data.delete(key);
    },
  };
}

/** A connectivity the test switches (the browser's `online`/`offline` events); `listeners` counts subscribers. */
export function switchableConnectivity(
  online = true,
): Connectivity & { set(online: boolean): void; readonly listeners: number } {
  const listeners = new Set<(online: boolean) => void>();
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === online) return;
      online = next;
      for (const listener of listeners) listener(next);
    },
    get listeners() {
      return listeners.size;
    },
  };
}

/** An XHR transport that calls `landed()` when each transfer's answer arrives (before the engine hears of it). */
export function onEachAnswer(landed: () => void): UploadTransport {
  const inner = createXhrTransport();
  return {
    send(request) {
      const handle = inner.send(request);
      return {
        abort: () => {
          handle.abort();
        },
        response: handle.response.then((r) => {
          landed();
          return r;
        }),
      };
    },
  };
}

/** An engine config for reducer-level tests: utilityBill, 4 in flight, 3 attempts (100 ms base, 1 s cap). */
export function engineConfig({
  type = 'utilityBill',
  grouped,
  externalReference,
  ...over
}: Partial<EngineConfig> & Partial<Settings> = {}): EngineConfig {
  return {
    settings: { type, grouped, externalReference },
    concurrency: 4,
    retry: resolveRetryOptions({ attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 }),
    margin: 60_000,
    rules: {},
    idPrefix: '',
    stallMs: 30_000,
    rejectDuplicates: true,
    ...over,
  };
}
